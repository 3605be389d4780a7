import { compile } from 'vega-lite';
import {
  CURSOR_SIGNAL,
  chartSize,
  locatePanel,
  rasterSize,
  tensorViewSpec,
  withCursorSignal,
  MAX_CHART_WIDTH
} from '../../../src/views/tensor-view-spec';
import { LIGHT_COLORS, vegaLiteConfig } from '../../../src/views/theme';

const geometry = { panelWidth: 4, panelHeight: 3, columns: 2, rows: 2, gap: 1 };

describe('panel geometry', () => {
  it('sizes the raster with gaps between panels only', () => {
    expect(rasterSize(geometry)).toEqual({ width: 9, height: 7 });
  });
  it('locates elements and gaps', () => {
    expect(locatePanel(geometry, 0.5, 0.5)).toEqual({ panel: 0, row: 0, col: 0 });
    expect(locatePanel(geometry, 3.9, 2.9)).toEqual({ panel: 0, row: 2, col: 3 });
    expect(locatePanel(geometry, 4.5, 0.5)).toBeNull(); // the gap column
    expect(locatePanel(geometry, 5.2, 4.1)).toEqual({ panel: 3, row: 0, col: 0 });
    expect(locatePanel(geometry, 9.5, 0)).toBeNull();
    expect(locatePanel(geometry, -0.1, 0)).toBeNull();
  });
  it('keeps pixels square and fits big rasters on screen', () => {
    expect(chartSize(geometry, 40)).toEqual({ width: 360, height: 280 });
    const big = chartSize({ panelWidth: 4000, panelHeight: 1000, columns: 1, rows: 1, gap: 0 }, 1);
    expect(big.width).toBe(MAX_CHART_WIDTH);
    expect(big.height).toBe(Math.round(1000 * (MAX_CHART_WIDTH / 4000)));
  });
});

describe('tensorViewSpec', () => {
  const spec = tensorViewSpec({
    imageUrl: 'data:image/png;base64,AAAA',
    geometry,
    labels: ['<b>cat</b>', 'dog', '', 'emu'],
    legend: { scheme: 'redblue', vmin: -2, vmax: 2, diverging: true, title: 'value' },
    zoom: 10,
    title: 'acts',
    subtitle: 'C=4 H=3 W=4 · float32',
    config: vegaLiteConfig(LIGHT_COLORS)
  }) as any;

  it('places one image over the whole raster in data coordinates, y pointing down', () => {
    const img = spec.layer[0];
    expect(img.mark).toMatchObject({ type: 'image', smooth: false });
    expect(img.data.values[0]).toMatchObject({ x: 0, x2: 9, y: 0, y2: 7 });
    expect(img.encoding.y.scale).toMatchObject({ domain: [0, 7], reverse: true });
    expect(img.params[0].bind).toBe('scales');
  });
  it('labels panels as text marks (never HTML) and skips empty labels', () => {
    const text = spec.layer[1];
    expect(text.mark.type).toBe('text');
    expect(text.data.values.map((d: any) => d.text)).toEqual(['<b>cat</b>', 'dog', 'emu']);
    expect(text.data.values[2]).toMatchObject({ x: 5, y: 4 });
  });
  it('carries a diverging legend centred on 0, reversed so red is high', () => {
    const legend = spec.layer[2];
    expect(legend.encoding.color.scale).toMatchObject({ scheme: 'redblue', domain: [-2, 2], domainMid: 0, reverse: true });
  });
  it('compiles with vega-lite, and the cursor signal can be added', () => {
    const vg = compile(spec).spec as any;
    expect(vg.scales.map((s: any) => s.name)).toEqual(expect.arrayContaining(['x', 'y', 'color']));
    const withCursor = withCursorSignal(vg);
    expect(withCursor.signals.find((s: any) => s.name === CURSOR_SIGNAL)).toBeDefined();
    expect(vg.signals?.find((s: any) => s.name === CURSOR_SIGNAL)).toBeUndefined(); // pure
  });
});

describe('index axes', () => {
  const specFor = (geometry: { panelWidth: number; panelHeight: number; columns: number; rows: number; gap: number }) =>
    tensorViewSpec({ imageUrl: 'data:,', geometry, labels: [], legend: null, zoom: 1, title: '', subtitle: '', config: {} }) as any;
  const one = (w: number, h: number) => specFor({ panelWidth: w, panelHeight: h, columns: 1, rows: 1, gap: 0 });
  it('puts one tick per element at its centre on short axes', () => {
    const s = one(3, 2);
    expect(s.layer[0].encoding.x.axis.values).toEqual([0.5, 1.5, 2.5]);
    expect(s.layer[0].encoding.y.axis.values).toEqual([0.5, 1.5]);
  });
  it('uses integer ticks on long axes, and no axes on grids', () => {
    expect(one(100, 2).layer[0].encoding.x.axis).toMatchObject({ format: 'd' });
    const grid = specFor({ panelWidth: 3, panelHeight: 3, columns: 2, rows: 1, gap: 1 });
    expect(grid.layer[0].encoding.x.axis).toBeNull();
  });
});
