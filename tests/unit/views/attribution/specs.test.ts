/**
 * Attribution spec builders, inspected as data: the grid's layers and opacity parameter, the
 * token layout and text marks (tokens stay text), feature bars, suggestion and randomization.
 */
import {
  attributionGridSpec,
  cellSize,
  featureBarsSpec,
  layoutTokens,
  OPACITY_PARAM,
  PICK_PARAM,
  predictionsSpec,
  randomizationSpec,
  suggestionSpec,
  tokensSpec
} from '../../../../src/views/attribution';

describe('attribution specs', () => {
  it('grid: one row per example, the input then an overlay per method, opacity as a parameter', () => {
    const spec: any = attributionGridSpec({
      title: 'Net',
      subtitle: 's',
      columns: ['input', 'Saliency', 'IG'],
      rows: [
        { label: '#0', cells: [{ image: 'data:a', heat: null, caption: [] }, { image: 'data:a', heat: 'data:h', caption: ['Σ 1'] }, { image: null, heat: null, caption: [], note: 'computing…' }] }
      ],
      width: 32,
      height: 16,
      opacity: 0.4,
      legend: { scheme: 'redblue', diverging: true, title: 'attribution' },
      config: {}
    });
    expect(spec.params).toEqual([{ name: OPACITY_PARAM, value: 0.4 }]);
    const row = spec.hconcat[0].vconcat[0];
    expect(row.title.text).toBe('#0');
    expect(row.hconcat).toHaveLength(3);
    const overlay = row.hconcat[1];
    expect(overlay.layer.map((l: any) => l.mark.type)).toEqual(['image', 'image']);
    expect(overlay.layer[1].mark.opacity).toEqual({ expr: OPACITY_PARAM });
    expect(overlay.title).toMatchObject({ text: 'Saliency', subtitle: ['Σ 1'], orient: 'bottom' });
    expect(row.hconcat[2].layer[0].data.values[0].text).toBe('computing…');
    expect([overlay.width, overlay.height]).toEqual([cellSize(32, 16).width, cellSize(32, 16).height]);
    // The legend runs from −1 to 1 with red at the top (reversed redblue).
    expect(spec.hconcat[1].encoding.color.scale).toMatchObject({ scheme: 'redblue', domain: [-1, 1], reverse: true });
  });

  it('cells keep the aspect ratio within bounds', () => {
    expect(cellSize(32, 32)).toEqual({ width: 96, height: 96 });
    expect(cellSize(448, 224)).toEqual({ width: 224, height: 112 });
  });

  it('tokens wrap at the width and stay text marks', () => {
    expect(layoutTokens([10, 10, 10], 40)).toEqual([
      { x: 0, line: 0, width: 16 },
      { x: 18, line: 0, width: 16 },
      { x: 0, line: 1, width: 16 }
    ]);
    const spec: any = tokensSpec({
      title: 't',
      subtitle: '',
      rows: [{ title: 'IG', tokens: [{ text: '<b>', t: 0.5, value: 0.1, x: 0, line: 0, width: 30 }] }],
      width: 300,
      scheme: 'redblue',
      diverging: true,
      config: {}
    });
    const text = spec.layer[1];
    expect(text.mark.type).toBe('text');
    expect(text.data.values[0].text).toBe('<b>');
    expect(spec.layer[0].encoding.tooltip[0]).toEqual({ field: 'text', title: 'token' });
  });

  it('feature bars sort by magnitude and keep names as nominal text', () => {
    const spec: any = featureBarsSpec({ title: 'm', subtitle: '', methods: [{ title: 'IG', names: ['a', 'b', 'c'], values: [0.1, -3, 2] }], config: {} });
    expect(spec.hconcat[0].data.values.map((d: any) => d.feature)).toEqual(['b', 'c', 'a']);
    expect(spec.hconcat[0].data.values.map((d: any) => d.sign)).toEqual(['negative', 'positive', 'positive']);
  });

  it('predictions mark the target class', () => {
    const spec: any = predictionsSpec({ title: 'top', bars: [{ label: 'cat', score: 0.7, target: false }, { label: 'dog', score: 0.2, target: true }], probabilities: true, config: {} });
    expect(spec.data.values.map((d: any) => [d.label, d.target])).toEqual([['cat', false], ['dog', true]]);
  });

  it('suggestion: a clickable scatter for several models, histogram and dots for one', () => {
    const points = [{ index: 0, meanTop: 0.9, distinct: 1, margin: null, activation: null }, { index: 1, meanTop: 0.4, distinct: 2, margin: null, activation: null }];
    const many: any = suggestionSpec({ points, models: 2, names: ['a', 'b'], current: 1, config: {} });
    expect(many.params[0]).toMatchObject({ name: PICK_PARAM, select: { type: 'point', fields: ['index'] } });
    expect(many.data.values[1].current).toBe(true);
    const one: any = suggestionSpec({ points: points.map(p => ({ ...p, margin: p.index * 0.5 })), models: 1, names: [], current: 0, config: {} });
    expect(one.vconcat[0].encoding.x).toMatchObject({ field: 'margin', bin: { maxbins: 20, extent: [0, 1] } });
    expect(one.vconcat[1].params[0].name).toBe(PICK_PARAM);
    const layer: any = suggestionSpec({ points: points.map(p => ({ ...p, activation: p.index * 3 })), models: 1, names: [], current: 0, layer: 'layer3', config: {} });
    expect(layer.vconcat[0].encoding.x).toMatchObject({ field: 'activation', bin: { maxbins: 20 } });
    expect(layer.vconcat[1].encoding.x.title).toBe('mean activation of layer3');
  });

  it('randomization: a map per step and the ρ curve', () => {
    const spec: any = randomizationSpec({
      title: 'IG',
      steps: [
        { layer: 'original', heat: 'data:h0', image: null, spearman: 1, spearmanAbs: 1 },
        { layer: 'fc', heat: 'data:h1', image: null, spearman: 0.1, spearmanAbs: 0.2 }
      ],
      width: 32,
      height: 32,
      config: {}
    });
    expect(spec.vconcat[0].hconcat.map((c: any) => c.title.text)).toEqual(['original', 'fc']);
    expect(spec.vconcat[1].data.values).toHaveLength(4);
  });
});
