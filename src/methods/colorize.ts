/**
 * Panels to pixels on the active tfjs backend: normalise with vmin/vmax, colour through a
 * lookup table (heatmaps) or scale channels (RGB), paint NaN, and lay the panels out in a
 * grid with gaps — then one read-back of the finished RGBA image.
 *
 * Colours stay float32 (whole numbers 0..255, exact) until the read-back: tfjs-backend-webgpu
 * 4.22 returns zeros when it transposes int32 tensors of rank 3 or more.
 */
import * as tf from '@tensorflow/tfjs';

import * as msg from './messages';

export const COLOR_MODES = { heatmap: 'heatmap', rgb: 'rgb' } as const;
export type ColorMode = (typeof COLOR_MODES)[keyof typeof COLOR_MODES];
export function isColorMode(x: unknown): x is ColorMode {
  return x === COLOR_MODES.heatmap || x === COLOR_MODES.rgb;
}

export type RGBA = [number, number, number, number];

/** Colour map entries: 256 keeps 8-bit steps, like matplotlib's default colormap resolution. */
export const LUT_ENTRIES = 256;
const CHANNELS = 4;
const OPAQUE = 255;
/** Marks grid pixels that belong to no panel (gaps, empty cells) until they get the background. */
const NO_PANEL = -1;

export interface ColorizeOptions {
  /** Panels per grid row; <= 0 picks an about-square grid (see autoColumns). */
  columns: number;
  /** Background pixels between neighbouring panels. */
  gap: number;
  /** Values at or below vmin get the first colour, at or above vmax the last; ±Inf and NaN get `nanColor`. */
  vmin: number;
  vmax: number;
  /** 256 RGBA entries (1024 bytes). Used in heatmap mode. */
  lut: Uint8Array;
  nanColor: RGBA;
  background: RGBA;
  mode: ColorMode;
}

export interface ColorGrid {
  width: number;
  height: number;
  columns: number;
  rows: number;
  /** width × height RGBA pixels, row-major: ready for `new ImageData(rgba, width, height)`. */
  rgba: Uint8ClampedArray;
}

/**
 * Panels per grid row so that the grid of P panels of H×W pixels is about square.
 *
 * @example
 * autoColumns(16, 28, 28); // 4
 * autoColumns(4, 10, 40);  // 1: wide panels stack
 */
export function autoColumns(count: number, height: number, width: number): number {
  if (count <= 1) {
    return 1;
  }
  const columns = Math.ceil(Math.sqrt((count * height) / Math.max(width, 1)));
  return Math.min(count, Math.max(1, columns));
}

/**
 * Colours `panels` ([P, H, W] heatmaps or [P, H, W, 3|4] RGB, float32) into one RGBA grid.
 * Does not dispose `panels`.
 *
 * @example
 * const grid = await colorizeGrid(panels, {columns: 0, gap: 1, vmin: 0, vmax: 1, lut: viridis,
 *   nanColor: [255, 0, 255, 255], background: [0, 0, 0, 0], mode: 'heatmap'});
 * ctx.putImageData(new ImageData(grid.rgba, grid.width, grid.height), 0, 0);
 */
export async function colorizeGrid(panels: tf.Tensor, options: ColorizeOptions): Promise<ColorGrid> {
  checkOptions(panels, options);
  const [count, height, width] = panels.shape;
  if (count === 0) {
    return { width: 0, height: 0, columns: 1, rows: 0, rgba: new Uint8ClampedArray(0) };
  }
  const columns = options.columns > 0 ? Math.min(options.columns, Math.max(count, 1)) : autoColumns(count, height, width);
  const rows = Math.ceil(count / columns);
  const gridWidth = Math.max(0, columns * width + (columns - 1) * options.gap);
  const gridHeight = Math.max(0, rows * height + (rows - 1) * options.gap);
  if (gridWidth === 0 || gridHeight === 0) {
    return { width: gridWidth, height: gridHeight, columns, rows, rgba: new Uint8ClampedArray(gridWidth * gridHeight * CHANNELS) };
  }
  const image = tf.tidy(() => {
    const colours = options.mode === COLOR_MODES.heatmap ? heatmapColours(panels, options) : rgbColours(panels, options);
    return gridOf(colours, { columns, rows, gap: options.gap, background: options.background });
  });
  try {
    const values = await image.data(); // float32 whole numbers; the clamped array takes them as they are
    return { width: gridWidth, height: gridHeight, columns, rows, rgba: new Uint8ClampedArray(values) };
  } finally {
    image.dispose();
  }
}

function checkOptions(panels: tf.Tensor, options: ColorizeOptions): void {
  const { shape } = panels;
  const ok = options.mode === COLOR_MODES.heatmap ? shape.length === 3 : shape.length === 4 && (shape[3] === 3 || shape[3] === 4);
  if (!ok) {
    throw new RangeError(msg.badPanels(options.mode, shape));
  }
  if (options.mode === COLOR_MODES.heatmap && options.lut.length !== LUT_ENTRIES * CHANNELS) {
    throw new RangeError(msg.badLut(options.lut.length, LUT_ENTRIES * CHANNELS));
  }
  const { vmin, vmax } = options;
  if (!Number.isFinite(vmin) || !Number.isFinite(vmax) || vmin > vmax) {
    throw new RangeError(msg.badRange(vmin, vmax));
  }
  if (!Number.isInteger(options.gap) || options.gap < 0) {
    throw new RangeError(msg.badGap(options.gap));
  }
}

/** Values clipped to [vmin, vmax] (±Inf to the ends, NaN to vmin for now), shifted to start at 0. */
function clippedFromVmin(panels: tf.Tensor, vmin: number, vmax: number): tf.Tensor {
  return tf.sub(tf.clipByValue(tf.where(tf.isNaN(panels), vmin, panels), vmin, vmax), vmin);
}

/** [P, H, W] → [P, H, W, 4] through the LUT; index floor(t · 256) clipped to 255, as matplotlib. */
function heatmapColours(panels: tf.Tensor, { vmin, vmax, lut, nanColor }: ColorizeOptions): tf.Tensor {
  const scale = vmax > vmin ? LUT_ENTRIES / (vmax - vmin) : 0;
  const index = tf.cast(tf.clipByValue(tf.floor(tf.mul(clippedFromVmin(panels, vmin, vmax), scale)), 0, LUT_ENTRIES - 1), 'int32');
  const table = tf.tensor2d(new Float32Array(lut), [LUT_ENTRIES, CHANNELS], 'float32');
  const colours = tf.gather(table, index);
  return tf.where<tf.Tensor>(tf.expandDims(tf.logicalNot(tf.isFinite(panels)), -1), tf.tensor1d(nanColor, 'float32'), colours);
}

/** [P, H, W, 3|4] → [P, H, W, 4]: each channel round(t · 255); alpha 255 for 3 channels; a non-finite value in any channel paints the pixel. */
function rgbColours(panels: tf.Tensor, { vmin, vmax, nanColor }: ColorizeOptions): tf.Tensor {
  const scale = vmax > vmin ? OPAQUE / (vmax - vmin) : 0;
  let colours = tf.round(tf.mul(clippedFromVmin(panels, vmin, vmax), scale));
  const [count, height, width, channels] = panels.shape;
  if (channels === 3) {
    colours = tf.concat([colours, tf.fill([count, height, width, 1], OPAQUE)], -1);
  }
  const nan = tf.any(tf.logicalNot(tf.isFinite(panels)), -1, true);
  return tf.where<tf.Tensor>(nan, tf.tensor1d(nanColor, 'float32'), colours);
}

/** Lays out [P, H, W, 4] row by row into `columns`, with `gap` background pixels between panels. */
function gridOf(
  colours: tf.Tensor,
  { columns, rows, gap, background }: { columns: number; rows: number; gap: number; background: RGBA }
): tf.Tensor {
  const [count, height, width] = colours.shape;
  const cells = rows * columns;
  let x = colours;
  if (cells > count) {
    x = tf.concat([x, tf.fill([cells - count, height, width, CHANNELS], NO_PANEL, 'float32')]);
  }
  // A gap after every panel, then the trailing one is cut: the grid needs (n − 1) gaps per direction.
  x = tf.pad(x, [[0, 0], [0, gap], [0, gap], [0, 0]], NO_PANEL);
  x = tf.reshape(x, [rows, columns, height + gap, width + gap, CHANNELS]);
  x = tf.reshape(tf.transpose(x, [0, 2, 1, 3, 4]), [rows * (height + gap), columns * (width + gap), CHANNELS]);
  x = tf.slice(x, [0, 0, 0], [rows * (height + gap) - gap, columns * (width + gap) - gap, CHANNELS]);
  return tf.where<tf.Tensor>(tf.less(x, 0), tf.tensor1d(background, 'float32'), x);
}
