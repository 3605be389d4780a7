/**
 * The convolution shared by conv1d, conv2d and conv_transpose2d: PyTorch's grouped, dilated,
 * strided 2-D cross-correlation on NCHW tensors. tfjs convolutions are NHWC and their gradients
 * refuse dilation > 1, so the kernel is dilated by inserting zeros, padding is applied with
 * tf.pad, groups run as separate convolutions (depthwise ones as tf.depthwiseConv2d).
 */
import * as tf from '@tensorflow/tfjs';

import { AttrValue, OpError } from '../types';
import { intsAttr } from '../util';
import { padCrop, perChannel, spreadAxis } from './layout';

export interface Conv2dParams {
  stride: number[];
  /** [[top, bottom], [left, right]]: zeros added (negative: rows/columns removed). */
  pads: [number, number][];
  dilation: number[];
  groups: number;
}

/**
 * y = conv(x, w) + bias with x [N, C, H, W], w [O, C/groups, kH, kW], bias [O] or null.
 *
 * @example
 * conv2dNchw(x, w, null, { stride: [1, 1], pads: [[1, 1], [1, 1]], dilation: [1, 1], groups: 1 });
 */
export function conv2dNchw(x: tf.Tensor, w: tf.Tensor, bias: tf.Tensor | null, p: Conv2dParams): tf.Tensor {
  if (x.rank !== 4 || w.rank !== 4) {
    throw new OpError(`conv2d expects a 4-D input and weight, got shapes [${x.shape}] and [${w.shape}]`);
  }
  const wShape: number[] = w.shape;
  const [cOut, cInPerGroup] = wShape;
  const cIn = x.shape[1] as number;
  const g = p.groups;
  if (!Number.isInteger(g) || g < 1 || cIn !== cInPerGroup * g || cOut % g !== 0) {
    throw new OpError(
      `convolution with groups=${g}: input has ${cIn} channels and weight shape [${w.shape}]; ` +
        `expected input channels = weight.shape[1] × groups and out channels divisible by groups`
    );
  }
  const kernel = spreadAxis(spreadAxis(w, 2, p.dilation[0]), 3, p.dilation[1]);
  const xh = tf.transpose(padCrop(x, p.pads), [0, 2, 3, 1]) as tf.Tensor4D;
  const [, , kh, kw]: number[] = kernel.shape;
  if (xh.shape[1] < kh || xh.shape[2] < kw) {
    throw new OpError(
      `convolution input is ${xh.shape[1]}×${xh.shape[2]} after padding, smaller than the ` +
        `${kh}×${kw} (dilated) kernel`
    );
  }
  const stride = [p.stride[0], p.stride[1]] as [number, number];
  let y: tf.Tensor;
  if (g === 1) {
    y = tf.conv2d(xh, tf.transpose(kernel, [2, 3, 1, 0]) as tf.Tensor4D, stride, 'valid');
  } else if (cInPerGroup === 1 && g === cIn) {
    // Depthwise: output channel c·m + j reads input channel c, as tfjs' channel multiplier.
    const filter = tf.transpose(tf.reshape(kernel, [cIn, cOut / cIn, kh, kw]), [2, 3, 0, 1]) as tf.Tensor4D;
    y = tf.depthwiseConv2d(xh, filter, stride, 'valid');
  } else {
    const xs = tf.split(xh, g, 3);
    const ws = tf.split(kernel, g, 0);
    y = tf.concat(
      xs.map((xi, i) => tf.conv2d(xi as tf.Tensor4D, tf.transpose(ws[i], [2, 3, 1, 0]) as tf.Tensor4D, stride, 'valid')),
      3
    );
  }
  const out = tf.transpose(y, [0, 3, 1, 2]);
  return bias === null ? out : tf.add(out, perChannel(bias, 4));
}

/**
 * PyTorch's conv `padding` attribute for `n` spatial dims as [before, after] pairs: ints (one
 * repeated, as `_pair`), "valid" (none) or "same" (total d·(k−1), the extra one after).
 */
export function convPads(
  attrs: Record<string, AttrValue>,
  kernel: number[],
  stride: number[],
  dilation: number[]
): [number, number][] {
  const padding = attrs.padding ?? 0;
  if (padding === 'valid') return kernel.map(() => [0, 0]);
  if (padding === 'same') {
    if (stride.some(s => s !== 1)) {
      throw new OpError(`padding="same" needs stride 1 (PyTorch refuses it too), got stride [${stride}]`);
    }
    return kernel.map((k, i) => {
      const total = dilation[i] * (k - 1);
      return [Math.floor(total / 2), total - Math.floor(total / 2)];
    });
  }
  if (typeof padding === 'string') {
    throw new OpError(`padding must be ints, "same" or "valid", got "${padding}"`);
  }
  const ints = intsAttr({ padding }, 'padding', kernel.length);
  if (ints.length !== kernel.length || ints.some(v => v < 0)) {
    throw new OpError(`padding must be ${kernel.length} non-negative ints, got [${ints}]`);
  }
  return ints.map(v => [v, v]);
}

/** An int-list attribute for `n` spatial dims (a single int is repeated), each at least `min`. */
export function spatialInts(attrs: Record<string, AttrValue>, key: string, n: number, fallback: number, min = 1): number[] {
  const v = attrs[key] === undefined || attrs[key] === null ? fallback : attrs[key];
  const ints = intsAttr({ [key]: v }, key, n);
  if (ints.length !== n || ints.some(i => !Number.isInteger(i) || i < min)) {
    throw new OpError(`${key} must be ${n} ints ≥ ${min}, got ${JSON.stringify(attrs[key])}`);
  }
  return ints;
}
