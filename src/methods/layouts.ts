/**
 * How a tensor's axes map to what the viewer draws: N (batch item), C (channel: one panel each,
 * or the colour of an RGB image), H and W (panel rows and columns).
 */

/** Supported layouts; a letter's position is the axis it names. */
export const LAYOUTS = { W: 'W', HW: 'HW', CHW: 'CHW', HWC: 'HWC', NCHW: 'NCHW', NHWC: 'NHWC' } as const;
export type Layout = (typeof LAYOUTS)[keyof typeof LAYOUTS];
export function isLayout(x: unknown): x is Layout {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(LAYOUTS, x);
}

/** Axis of each letter in `layout`, or -1 when the layout has no such axis. */
export interface LayoutAxes {
  n: number;
  c: number;
  h: number;
  w: number;
}

/**
 * @example
 * layoutAxes('NHWC'); // {n: 0, c: 3, h: 1, w: 2}
 */
export function layoutAxes(layout: Layout): LayoutAxes {
  return { n: layout.indexOf('N'), c: layout.indexOf('C'), h: layout.indexOf('H'), w: layout.indexOf('W') };
}

/**
 * Sizes of N, C, H, W for `shape` in `layout` (1 for an absent axis).
 *
 * @example
 * layoutSizes([8, 32, 32, 3], 'NHWC'); // {n: 8, c: 3, h: 32, w: 32}
 */
export function layoutSizes(shape: number[], layout: Layout): { n: number; c: number; h: number; w: number } {
  const axes = layoutAxes(layout);
  const size = (axis: number) => (axis < 0 ? 1 : shape[axis]);
  return { n: size(axes.n), c: size(axes.c), h: size(axes.h), w: size(axes.w) };
}
