/**
 * Window pooling shared by max_pool{1,2}d and avg_pool{1,2}d, on the trailing spatial axes of
 * an N C … tensor. Windows are read as strided slices ("taps", one per kernel offset) and
 * reduced axis by axis, last axis first: exact PyTorch windows (padding, dilation, ceil_mode)
 * from ops that have gradients on every backend (tfjs' maxPool has no dilation, and its
 * padding and ceil rules are TensorFlow's).
 */
import * as tf from '@tensorflow/tfjs';

import { AttrValue, OpError } from '../types';
import { spatialInts } from './conv_util';
import { alongAxis, contractAxis, padCrop, stridedAxis } from './layout';

/** Per spatial axis window geometry, as PyTorch's pooling attributes. */
export interface PoolParams {
  kernel: number[];
  stride: number[];
  padding: number[];
  dilation: number[];
  ceil: boolean;
}

/** Pooling attributes for `n` spatial dims; an empty or absent stride means the kernel size (PyTorch's default). */
export function poolParams(attrs: Record<string, AttrValue>, n: number): PoolParams {
  const kernel = spatialInts(attrs, 'kernel_size', n, NaN);
  const s = attrs.stride;
  const noStride = s === undefined || s === null || (Array.isArray(s) && s.length === 0);
  return {
    kernel,
    stride: noStride ? kernel : spatialInts(attrs, 'stride', n, 1),
    padding: spatialInts(attrs, 'padding', n, 0, 0),
    dilation: spatialInts(attrs, 'dilation', n, 1),
    ceil: attrs.ceil_mode === true
  };
}

/** PyTorch's pooling_output_shape: with ceil_mode the last window must start inside the input or left padding. */
export function poolOutputSize(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  const span = size + 2 * p - d * (k - 1) - 1;
  let out = Math.floor((span + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** Output sizes of the trailing `n` axes; throws for windows PyTorch refuses. */
function outputSizes(x: tf.Tensor, p: PoolParams): number[] {
  const n = p.kernel.length;
  if (x.rank < n + 1) {
    throw new OpError(`pooling over ${n} spatial dims needs an input of rank ≥ ${n + 1}, got shape [${x.shape}]`);
  }
  return p.kernel.map((k, i) => {
    const size = x.shape[x.rank - n + i];
    if (2 * p.padding[i] > k) {
      throw new OpError(`pooling padding ${p.padding[i]} must be at most half the kernel size ${k} (PyTorch's rule)`);
    }
    const out = poolOutputSize(size, k, p.stride[i], p.padding[i], p.dilation[i], p.ceil);
    if (out < 1) {
      throw new OpError(
        `pooling a size-${size} dim with kernel ${k} (dilation ${p.dilation[i]}, padding ${p.padding[i]}) leaves no output`
      );
    }
    return out;
  });
}

/** Pads the trailing axes with `fill` so that every tap of every window can be read. */
function padForWindows(x: tf.Tensor, p: PoolParams, outs: number[], fill: number): tf.Tensor {
  const n = p.kernel.length;
  return padCrop(
    x,
    p.kernel.map((k, i) => {
      const reach = (k - 1) * p.dilation[i] + (outs[i] - 1) * p.stride[i] + 1;
      return [p.padding[i], Math.max(0, reach - p.padding[i] - x.shape[x.rank - n + i])];
    }),
    fill
  );
}

/** The k taps of the windows along `axis` of an already padded tensor, in kernel order. */
function taps(x: tf.Tensor, axis: number, k: number, s: number, d: number, out: number): tf.Tensor[] {
  return Array.from({ length: k }, (_, t) => stridedAxis(x, axis, t * d, out, s));
}

/**
 * Max over each window, padding counting as −∞. Taps are folded with tf.maximum in window order,
 * whose gradient goes to the first of tied values, as PyTorch's (row-major first) argmax.
 */
export function maxPoolNd(x: tf.Tensor, p: PoolParams): tf.Tensor {
  const outs = outputSizes(x, p);
  const n = p.kernel.length;
  let y = padForWindows(x, p, outs, -Infinity);
  for (let i = n - 1; i >= 0; i--) {
    const ts = taps(y, x.rank - n + i, p.kernel[i], p.stride[i], p.dilation[i], outs[i]);
    y = ts.reduce((m, t) => tf.maximum(m, t));
  }
  return y;
}

/**
 * Mean over each window with PyTorch's divisor: the window clipped to input + padding
 * (count_include_pad) or to the input alone, or `divisor` when given; both are per-axis products.
 */
export function avgPoolNd(x: tf.Tensor, p: PoolParams, countIncludePad: boolean, divisor: number | null): tf.Tensor {
  const outs = outputSizes(x, p);
  const n = p.kernel.length;
  let y = padForWindows(x, p, outs, 0);
  for (let i = n - 1; i >= 0; i--) {
    const axis = x.rank - n + i;
    const ts = taps(y, axis, p.kernel[i], p.stride[i], 1, outs[i]);
    y = ts.length === 1 ? ts[0] : tf.addN(ts);
    if (divisor === null) {
      const size = x.shape[axis];
      const factors = Array.from({ length: outs[i] }, (_, o) => {
        const start = o * p.stride[i] - p.padding[i];
        const end = Math.min(start + p.kernel[i], size + p.padding[i]);
        const count = countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0);
        return 1 / Math.max(count, 1);
      });
      y = tf.mul(y, alongAxis(factors, axis, x.rank));
    }
  }
  return divisor === null ? y : tf.div(y, divisor);
}

/** PyTorch's adaptive pooling bins: [floor(i·in/out), ceil((i+1)·in/out)). */
export function adaptiveBins(size: number, out: number): [number, number][] {
  return Array.from({ length: out }, (_, i) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)]);
}

/** `output_size` for the trailing `n` axes of x (null entries keep the input size). */
export function adaptiveSizes(x: tf.Tensor, attrs: Record<string, AttrValue>, n: number): number[] {
  const raw = attrs.output_size;
  const list = Array.isArray(raw) ? raw : Array(n).fill(raw);
  if (list.length !== n || x.rank < n + 1) {
    throw new OpError(
      `adaptive pooling needs ${n} output sizes and an input of rank ≥ ${n + 1}, ` +
        `got ${JSON.stringify(raw)} for shape [${x.shape}]`
    );
  }
  return list.map((v, i) => {
    const size = v === null ? x.shape[x.rank - n + i] : v;
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 1) {
      throw new OpError(`adaptive pooling output sizes must be positive ints, got ${JSON.stringify(raw)}`);
    }
    return size;
  });
}

/**
 * Mean over PyTorch's adaptive bins on the last `n` axes, as a product with a host averaging
 * matrix per axis (adaptive_avg_pool1d/2d).
 */
export function adaptiveAvgPoolNd(x: tf.Tensor, attrs: Record<string, AttrValue>, n: number): tf.Tensor {
  const outs = adaptiveSizes(x, attrs, n);
  let y: tf.Tensor = x;
  outs.forEach((out, i) => {
    const axis = x.rank - n + i;
    const size = x.shape[axis];
    if (out === size) return;
    const m = adaptiveBins(size, out).map(([start, end]) =>
      Array.from({ length: size }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0))
    );
    y = contractAxis(y, axis, m);
  });
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return y === x ? tf.clone(x) : y;
}
