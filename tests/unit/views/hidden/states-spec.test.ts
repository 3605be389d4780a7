/** HiddenStateView spec: lines per unit, tokens as text rows, heatmap of the selected units, brush → steps. */
import { brushToSelection, hiddenStatesSpec, MAX_LINES } from '../../../../src/views/hidden';

const win = {
  states: Float32Array.from({ length: 4 * 3 }, (_, i) => i / 10), // [4 steps, 3 units]
  w: 4,
  d: 3,
  start: 100,
  tokens: ['a', '<b>x</b>', 'c', 'd'],
  tracks: { pos: ['DT', 'NN', 'VB', 'IN'] }
};

describe('hidden states spec', () => {
  it('draws every unit, selected ones in colour, tokens and tracks as text', () => {
    const spec = hiddenStatesSpec(win, { units: [], selected: [1], threshold: 0.3, selection: [101, 103], valueRange: [0, 1.1], width: 400 }) as any;
    const lines = spec.vconcat[0].layer[0].data.values;
    expect(lines).toHaveLength(12);
    expect(lines.find((r: any) => r.t === 102 && r.unit === 2).v).toBeCloseTo(0.8);
    expect(lines.filter((r: any) => r.on).every((r: any) => r.unit === 1)).toBe(true);
    expect(spec.vconcat[0].layer).toHaveLength(3); // lines, threshold, selection
    const text = spec.vconcat[1].data.values;
    expect(text).toContainEqual({ t: 101, row: 'token', label: '<b>x</b>' });
    expect(text).toContainEqual({ t: 103, row: 'pos', label: 'IN' });
    expect(spec.vconcat[1].mark.type).toBe('text');
    expect(spec.vconcat[2].data.values).toHaveLength(4);
  });

  it('names units explicitly, and caps the default', () => {
    const spec = hiddenStatesSpec(win, { units: [2], selected: [], threshold: 0, selection: [], valueRange: [0, 1], width: 400 }) as any;
    expect(new Set(spec.vconcat[0].layer[0].data.values.map((r: any) => r.unit))).toEqual(new Set([2]));
    expect(spec.vconcat).toHaveLength(2);
    expect(MAX_LINES).toBe(256);
  });

  it('turns a brush into whole steps', () => {
    expect(brushToSelection([100.7, 102.2])).toEqual([101, 103]);
    expect(brushToSelection([102.2, 100.7])).toEqual([101, 103]);
    expect(brushToSelection([100.8, 101.2])).toEqual([101, 102]);
    expect(brushToSelection([100.6, 100.9])).toBeNull();
    expect(brushToSelection(undefined)).toBeNull();
  });
});
