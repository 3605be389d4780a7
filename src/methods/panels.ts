/**
 * A tensor as a stack of 2-D panels for the viewer: one panel per channel (heatmaps) or one
 * RGB(A) image, for one batch item. Only that item is uploaded; slicing and transposing run
 * on the active tfjs backend.
 */
import * as tf from '@tensorflow/tfjs';

import type { TensorData } from '../transport/types';
import { Layout, layoutAxes, layoutSizes } from './layouts';
import * as msg from './messages';
import { uploadFloat32 } from './upload';

export { LAYOUTS, isLayout } from './layouts';
export type { Layout } from './layouts';

export interface PanelOptions {
  layout: Layout;
  /** Batch item to show (N layouts only; ignored otherwise). */
  batch: number;
  /** Channel to show, or -1 for one panel per channel (C layouts only; ignored otherwise and when rgb). */
  channel: number;
  /** Show the channels as one RGB(A) image (C must be 3 or 4). */
  rgb: boolean;
}

/** Where a panel came from in the tensor; null for an axis the layout lacks (or all channels of an RGB panel). */
export interface PanelIndex {
  batch: number | null;
  channel: number | null;
}

export interface Panels {
  /** float32 [P, H, W] (heatmap) or [P, H, W, C] (rgb, C = 3|4). The caller disposes it. */
  panels: tf.Tensor;
  panelIndex: PanelIndex[];
  height: number;
  width: number;
}

/**
 * Panels of one batch item of `t`.
 *
 * @example
 * // 8 images of 3×32×32: item 2 as three heatmaps, or as one RGB image
 * panelsFromTensor(t, {layout: 'NCHW', batch: 2, channel: -1, rgb: false}).panels.shape; // [3, 32, 32]
 * panelsFromTensor(t, {layout: 'NCHW', batch: 2, channel: -1, rgb: true}).panels.shape;  // [1, 32, 32, 3]
 */
export function panelsFromTensor(t: { shape: number[]; data: TensorData }, options: PanelOptions): Panels {
  const { layout, rgb } = options;
  const { shape, data } = t;
  if (shape.length !== layout.length) {
    throw new RangeError(msg.rankMismatch(layout, shape));
  }
  const numel = shape.reduce((a, b) => a * b, 1);
  if (numel !== data.length) {
    throw new RangeError(msg.dataLengthMismatch(shape, data.length));
  }
  const axes = layoutAxes(layout);
  const { n, c, h: height, w: width } = layoutSizes(shape, layout);
  const hasChannels = axes.c >= 0;
  const batch = axes.n >= 0 ? checkedIndex(options.batch, n, msg.batchOutOfRange) : null;
  if (rgb && (!hasChannels || (c !== 3 && c !== 4))) {
    throw new RangeError(msg.rgbNeedsChannels(layout, hasChannels ? c : null));
  }
  const channel = hasChannels && !rgb && options.channel !== -1 ? checkedIndex(options.channel, c, msg.channelOutOfRange) : null;
  // N is the leading axis of both N layouts, so one item is a contiguous run of the host data.
  const itemSize = c * height * width;
  const item = batch === null ? data : data.subarray(batch * itemSize, (batch + 1) * itemSize);
  const channelLast = layout.endsWith('C');
  const panels = tf.tidy(() => {
    if (!hasChannels) {
      return uploadFloat32(item, [1, height, width]);
    }
    if (rgb) {
      const x = uploadFloat32(item, channelLast ? [height, width, c] : [c, height, width]);
      return tf.expandDims(channelLast ? x : tf.transpose(x, [1, 2, 0]), 0);
    }
    if (channel !== null && !channelLast) {
      // A CHW plane is contiguous: upload just that channel.
      const plane = height * width;
      return uploadFloat32(item.subarray(channel * plane, (channel + 1) * plane), [1, height, width]);
    }
    const x = uploadFloat32(item, channelLast ? [height, width, c] : [c, height, width]);
    const chw = channelLast ? tf.transpose(x, [2, 0, 1]) : x;
    return channel === null ? chw : tf.slice(chw, [channel, 0, 0], [1, height, width]);
  });
  const channels = !hasChannels || rgb ? [null] : channel !== null ? [channel] : Array.from({ length: c }, (_, i) => i);
  return { panels, panelIndex: channels.map(ch => ({ batch, channel: ch })), height, width };
}

/**
 * Row-major index into the host data of the element shown at (y, x) of a panel, for tooltips
 * that print the exact value. Coordinates of axes the layout lacks are ignored.
 *
 * @example
 * flatIndex([2, 3, 4, 5], 'NCHW', {batch: 1, channel: 2, y: 3, x: 4}); // ((1*3 + 2)*4 + 3)*5 + 4 = 119
 */
export function flatIndex(
  shape: number[],
  layout: Layout,
  at: { batch: number; channel: number; y: number; x: number }
): number {
  if (shape.length !== layout.length) {
    throw new RangeError(msg.rankMismatch(layout, shape));
  }
  const coordinate: Record<string, number> = { N: at.batch, C: at.channel, H: at.y, W: at.x };
  let index = 0;
  for (let axis = 0; axis < layout.length; axis++) {
    const value = coordinate[layout[axis]];
    if (!Number.isInteger(value) || value < 0 || value >= shape[axis]) {
      throw new RangeError(msg.indexOutOfRange(layout[axis], value, shape[axis]));
    }
    index = index * shape[axis] + value;
  }
  return index;
}

function checkedIndex(i: number, size: number, message: (i: number, size: number) => string): number {
  if (!Number.isInteger(i) || i < 0 || i >= size) {
    throw new RangeError(message(i, size));
  }
  return i;
}
