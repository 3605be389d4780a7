import { parse, View } from 'vega';
import { compile } from 'vega-lite';

import { contourLevels, landscapeContourSpec, landscapeLineSpec, normalizeValue, sharedDomain, surfaceQuads } from '../../../../src/views/landscape';
import { LIGHT_COLORS } from '../../../../src/views/theme';

const colors = LIGHT_COLORS;

/** A bowl: loss = α² + β² on a 9 × 7 grid, one NaN cell. */
function bowl() {
  const xs = Array.from({ length: 9 }, (_, i) => -1 + i / 4);
  const ys = Array.from({ length: 7 }, (_, i) => -1.5 + i / 2);
  const values = new Float64Array(xs.length * ys.length);
  ys.forEach((b, r) => xs.forEach((a, c) => (values[r * xs.length + c] = a * a + b * b)));
  values[3] = NaN;
  return { xs, ys, values };
}

/** Runs a spec headless; the heatmap transform needs a canvas, absent in Node (the e2e test draws it). */
async function run(spec: any) {
  expect(spec.data[0].transform[0].type).toBe('heatmap');
  spec.data[0].transform = [];
  const view = new View(parse(spec), { renderer: 'none' });
  await view.runAsync();
  return view;
}

describe('shared domain and levels', () => {
  it('spans the finite values of every grid, positives only on a log scale', () => {
    expect(sharedDomain([[1, NaN, 3], [Infinity, 0.5]], false)).toEqual({ lo: 0.5, hi: 3 });
    expect(sharedDomain([[0, -1, 2, 8]], true)).toEqual({ lo: 2, hi: 8 });
    expect(sharedDomain([[NaN]], false)).toBeNull();
    const flat = sharedDomain([[2, 2]], false)!;
    expect(flat.hi).toBeGreaterThan(flat.lo);
  });
  it('spaces levels evenly, or geometrically on a log scale', () => {
    expect(contourLevels({ lo: 0, hi: 10 }, 4, false)).toEqual([2, 4, 6, 8]);
    const log = contourLevels({ lo: 1, hi: 1000 }, 2, true);
    expect(log[0]).toBeCloseTo(10, 10);
    expect(log[1]).toBeCloseTo(100, 10);
  });
});

describe('landscapeContourSpec', () => {
  it('draws the heatmap, isolines at the levels, the path and the named points', async () => {
    const { xs, ys, values } = bowl();
    const domain = sharedDomain([values], false)!;
    const spec = landscapeContourSpec({
      title: 'model <b>',
      xs,
      ys,
      values,
      accuracy: values.map(() => 0.5),
      domain,
      log: false,
      path: [[0.5, 0.5], [0, 0]],
      anchors: [{ name: '<img src=x>', x: 0, y: 0 }],
      width: 200,
      height: 150,
      colors
    });
    const view = await run(spec);
    const contours = view.data('contours');
    expect(contours.map((c: any) => c.contour.value)).toEqual(contourLevels(domain, 12, false));
    // The isoline for level L of α² + β² is a circle of radius √L around the origin, in pixels.
    // The region at or above the level is the grid minus a disc; the disc's edge is the hole ring
    // nearest the centre (pixel centres of cells sit at +0.5; rows are flipped, β grows upwards).
    const level = contours[0];
    const sx = 200 / 9;
    const sy = 150 / 7;
    const radius = ([px, py]: [number, number]) => Math.hypot((px / sx - 4.5) / 4, (3.5 - py / sy) / 2);
    const rings: [number, number][][] = level.contour.coordinates.flat();
    const mean = (ring: [number, number][]) => ring.reduce((s, p) => s + radius(p), 0) / ring.length;
    const hole = rings.reduce((a, b) => (mean(a) < mean(b) ? a : b));
    const r = Math.sqrt(level.contour.value);
    expect(hole.length).toBeGreaterThan(6);
    for (const p of hole) expect(Math.abs(radius(p) - r)).toBeLessThan(0.12);
    expect(view.data('heatgrid')).toHaveLength(1);
    expect(view.data('path')).toHaveLength(2);
    expect(view.data('anchors')[0].name).toBe('<img src=x>');
    // The hover readout names α, β, the loss and the accuracy of the cell under the pointer.
    view.signal('nl_hover', { col: 8, row: 6 });
    await view.runAsync();
    const readout = (view.scenegraph() as any).root.items[0].items.find((m: any) => m.name === 'readout').items[0].text;
    expect(readout).toBe('α 1.000, β 1.500 · loss 3.25 · accuracy 50.0%');
  });
  it('names the value it draws (accuracy panels) and takes a log colour scale', async () => {
    const { xs, ys, values } = bowl();
    values[0] = 0;
    const spec = landscapeContourSpec({ title: '', xs, ys, values, domain: sharedDomain([values], true)!, log: true, width: 90, height: 70, colors, valueName: 'accuracy' }) as any;
    expect(spec.legends[0].title).toBe('accuracy (log)');
    expect(spec.scales.find((s: any) => s.name === 'color').type).toBe('log');
    const view = await run(spec);
    expect(view.data('contours').length).toBe(12);
  });
});

describe('landscapeLineSpec', () => {
  it('draws one loss line per model, accuracy dashed, anchors as rules, NaN as gaps', () => {
    const spec = landscapeLineSpec({
      title: '',
      series: [
        { model: 'a', xs: [0, 0.5, 1], loss: [1, NaN, 2], accuracy: [0.5, 0.6, 0.7] },
        { model: 'b', xs: [0, 0.5, 1], loss: [2, 1, 3], accuracy: null }
      ],
      anchors: [{ name: 'start', x: 0 }, { name: 'end', x: 1 }],
      log: false,
      width: 300,
      height: 200,
      config: {}
    }) as any;
    const rows = spec.layer[0].data.values;
    expect(rows).toHaveLength(6);
    expect(rows[1].loss).toBeNull();
    expect(spec.layer[0].layer[1].mark.strokeDash).toEqual([4, 3]);
    expect(spec.layer[1].data.values.map((a: any) => a.name)).toEqual(['start', 'end']);
    expect(() => compile(spec)).not.toThrow();
  });
  it('leaves the accuracy axis out when no model has accuracy', () => {
    const spec = landscapeLineSpec({ title: '', series: [{ model: 'a', xs: [0, 1], loss: [1, 2] }], log: true, width: 100, height: 100, config: {} }) as any;
    expect(spec.layer[0].layer).toHaveLength(1);
    expect(spec.layer[0].layer[0].encoding.y.scale.type).toBe('log');
  });
});

describe('surfaceQuads', () => {
  const grid = { nx: 3, ny: 3, values: [0, 1, 2, 3, 4, 5, 6, 7, 8], domain: { lo: 0, hi: 8 }, log: false, width: 200, height: 200 };
  it('makes one quad per cell, sorted back to front, coloured by the mean of its corners', () => {
    const quads = surfaceQuads({ ...grid, azimuth: 0, elevation: 30 });
    expect(quads).toHaveLength(4);
    for (let i = 1; i < quads.length; i++) expect(quads[i].depth).toBeGreaterThanOrEqual(quads[i - 1].depth);
    expect(quads.map(q => q.t).sort()).toEqual([2 / 8, 3 / 8, 5 / 8, 6 / 8]);
  });
  it('seen from straight above, is the flat grid (heights do not move points)', () => {
    const quads = surfaceQuads({ ...grid, azimuth: 0, elevation: 90 });
    const xs = new Set(quads.flatMap(q => q.points.filter((_, i) => i % 2 === 0).map(v => v.toFixed(6))));
    expect(xs.size).toBe(3);
  });
  it('rotating by 90° swaps the axes; NaN cells are left out', () => {
    const a = surfaceQuads({ ...grid, azimuth: 0, elevation: 90 });
    const b = surfaceQuads({ ...grid, azimuth: 90, elevation: 90 });
    expect(b).toHaveLength(a.length);
    const values = [...grid.values];
    values[4] = NaN;
    expect(surfaceQuads({ ...grid, values, azimuth: 0, elevation: 30 })).toHaveLength(0);
  });
  it('normalizes on a log scale, clamping to [0, 1]', () => {
    expect(normalizeValue(10, { lo: 1, hi: 100 }, true)).toBeCloseTo(0.5, 12);
    expect(normalizeValue(1000, { lo: 1, hi: 100 }, true)).toBe(1);
    expect(normalizeValue(-1, { lo: 1, hi: 100 }, true)).toBe(0);
    expect(normalizeValue(NaN, { lo: 1, hi: 100 }, false)).toBeNaN();
  });
});
