/**
 * colorizeGrid on chosen inputs whose colours are known exactly: dyadic values so float32
 * normalisation lands inside LUT entries, NaN/±Inf, clipping, grid placement, gaps.
 */
import * as tf from '@tensorflow/tfjs';

import { COLOR_MODES, ColorizeOptions, RGBA, autoColumns, colorizeGrid, isColorMode } from '../../../src/methods/colorize';
import { TEST_BACKEND, assertTestBackend } from '../../jest/backend';

/** LUT entry i = (i, 255 − i, 7i mod 256, 200): every entry distinct and recognisable. */
const LUT = Uint8Array.from({ length: 1024 }, (_, k) => {
  const i = k >> 2;
  return [i, 255 - i, (7 * i) & 255, 200][k & 3];
});
const lut = (i: number): RGBA => [i, 255 - i, (7 * i) & 255, 200];
const NAN: RGBA = [255, 0, 255, 255];
const BG: RGBA = [1, 2, 3, 4];

const options = (over: Partial<ColorizeOptions> = {}): ColorizeOptions => ({
  columns: 0,
  gap: 0,
  vmin: 0,
  vmax: 1,
  lut: LUT,
  nanColor: NAN,
  background: BG,
  mode: 'heatmap',
  ...over
});

const pixels = (rgba: Uint8ClampedArray): RGBA[] =>
  Array.from({ length: rgba.length / 4 }, (_, i) => Array.from(rgba.subarray(4 * i, 4 * i + 4)) as RGBA);

async function colorize(values: number[], shape: number[], over: Partial<ColorizeOptions> = {}) {
  const panels = tf.tensor(values, shape, 'float32');
  try {
    return await colorizeGrid(panels, options(over));
  } finally {
    panels.dispose();
  }
}

describe(`colorizeGrid on ${TEST_BACKEND}`, () => {
  beforeAll(assertTestBackend);

  it('maps values through the LUT like matplotlib: index floor(t·256), clipped to 0..255', async () => {
    const values = [0, 0.25, 0.5, 0.75, 1, 0.998, -3, 7];
    const grid = await colorize(values, [1, 1, values.length]);
    expect([grid.width, grid.height, grid.columns, grid.rows]).toEqual([values.length, 1, 1, 1]);
    expect(pixels(grid.rgba)).toEqual([lut(0), lut(64), lut(128), lut(192), lut(255), lut(255), lut(0), lut(255)]);
  });

  it('paints NaN and ±Inf with nanColor, so they cannot pass for the ends of the scale', async () => {
    const grid = await colorize([NaN, Infinity, -Infinity, 0.5], [1, 2, 2]);
    expect(pixels(grid.rgba)).toEqual([NAN, NAN, NAN, lut(128)]);
  });

  it('normalises with vmin and vmax, and maps a zero-width range to the first colour', async () => {
    const shifted = await colorize([-2, -1, 0, 1, 2], [1, 1, 5], { vmin: -2, vmax: 2 });
    expect(pixels(shifted.rgba)).toEqual([lut(0), lut(64), lut(128), lut(192), lut(255)]);
    const flat = await colorize([3, 3, 5, NaN], [1, 1, 4], { vmin: 3, vmax: 3 });
    expect(pixels(flat.rgba)).toEqual([lut(0), lut(0), lut(0), NAN]);
  });

  it('places panels row by row with gap pixels of background between them', async () => {
    // 5 panels of 2×3, panel p filled with a value that selects LUT entry 16p, 2 columns, gap 1.
    const P = 5;
    const H = 2;
    const W = 3;
    const values: number[] = [];
    for (let p = 0; p < P; p++) for (let i = 0; i < H * W; i++) values.push((16 * p) / 256);
    const grid = await colorize(values, [P, H, W], { columns: 2, gap: 1 });
    expect([grid.columns, grid.rows, grid.width, grid.height]).toEqual([2, 3, 2 * W + 1, 3 * H + 2]);
    const want: RGBA[] = [];
    for (let y = 0; y < grid.height; y++) {
      for (let x = 0; x < grid.width; x++) {
        const row = Math.floor(y / (H + 1));
        const col = Math.floor(x / (W + 1));
        const inPanel = y % (H + 1) < H && x % (W + 1) < W;
        const p = row * 2 + col;
        want.push(inPanel && p < P ? lut(16 * p) : BG);
      }
    }
    expect(pixels(grid.rgba)).toEqual(want);
  });

  it('chooses an about-square grid when columns <= 0', async () => {
    expect(autoColumns(16, 28, 28)).toBe(4);
    expect(autoColumns(3, 8, 8)).toBe(2);
    expect(autoColumns(4, 10, 40)).toBe(1);
    expect(autoColumns(1, 5, 5)).toBe(1);
    expect(autoColumns(0, 5, 5)).toBe(1);
    const grid = await colorize(new Array(9 * 4).fill(0.5), [9, 2, 2], { columns: 0, gap: 2 });
    expect([grid.columns, grid.rows, grid.width, grid.height]).toEqual([3, 3, 3 * 2 + 2 * 2, 3 * 2 + 2 * 2]);
  });

  it('caps columns at the panel count', async () => {
    const grid = await colorize([0, 1], [2, 1, 1], { columns: 10, gap: 1 });
    expect([grid.columns, grid.rows, grid.width, grid.height]).toEqual([2, 1, 3, 1]);
    expect(pixels(grid.rgba)).toEqual([lut(0), BG, lut(255)]);
  });

  it('scales RGB channels directly, with opaque alpha for 3 channels and NaN in any channel painting the pixel', async () => {
    const rgb = await colorize([0, 0.2, 1, 0.6, 2, -1, 0.4, NaN, 0.1], [1, 1, 3, 3], { mode: 'rgb' });
    expect(pixels(rgb.rgba)).toEqual([
      [0, 51, 255, 255],
      [153, 255, 0, 255],
      NAN
    ]);
    const rgba = await colorize([0, 0.2, 1, 0.6, Infinity, -Infinity, 0.4, 1], [1, 1, 2, 4], { mode: 'rgb' });
    expect(pixels(rgba.rgba)).toEqual([[0, 51, 255, 153], NAN]);
  });

  it('rejects inputs it cannot colour', async () => {
    expect(isColorMode('rgb') && isColorMode(COLOR_MODES.heatmap) && !isColorMode('hsv')).toBe(true);
    await expect(colorize([0, 0], [1, 2], {})).rejects.toThrow(/heatmap panels must be \[P, H, W\]/);
    await expect(colorize([0, 0], [1, 1, 1, 2], { mode: 'rgb' })).rejects.toThrow(/rgb panels/);
    await expect(colorize([0], [1, 1, 1], { lut: new Uint8Array(10) })).rejects.toThrow(/256 RGBA/);
    await expect(colorize([0], [1, 1, 1], { vmin: 1, vmax: 0 })).rejects.toThrow(/vmin/);
    await expect(colorize([0], [1, 1, 1], { vmax: Infinity })).rejects.toThrow(/finite/);
    await expect(colorize([0], [1, 1, 1], { gap: -1 })).rejects.toThrow(/gap/);
  });

  it('returns an empty image for no panels', async () => {
    const grid = await colorize([], [0, 4, 4]);
    expect([grid.width, grid.height, grid.rows, grid.rgba.length]).toEqual([0, 0, 0, 0]);
  });

  it('leaves no tensors behind and does not dispose its input', async () => {
    const panels = tf.tensor([0, 0.5, NaN, 1, 0.25, 0.75], [3, 1, 2]);
    const rgb = tf.tensor([0, 0.5, 1, 1, 0.5, NaN], [1, 1, 2, 3]);
    const before = tf.memory().numTensors;
    await colorizeGrid(panels, options({ columns: 2, gap: 3 }));
    await colorizeGrid(rgb, options({ mode: 'rgb', gap: 1 }));
    expect(tf.memory().numTensors).toBe(before);
    expect(panels.isDisposed || rgb.isDisposed).toBe(false);
    tf.dispose([panels, rgb]);
  });
});
