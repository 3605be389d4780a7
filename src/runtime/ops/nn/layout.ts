/**
 * Layout helpers shared by the nn lowerings: per-channel broadcasting, padding that may crop,
 * zero insertion between elements, and host-built indices/matrices applied along one axis.
 * Everything here is made of tfjs ops whose gradients exist on the CPU and WebGPU backends.
 */
import * as tf from '@tensorflow/tfjs';

/** A length-C vector viewed as [1, C, 1, …] so it broadcasts over an NC… tensor of `rank`. */
export function perChannel(v: tf.Tensor, rank: number): tf.Tensor {
  const shape = Array(rank).fill(1);
  shape[1] = v.size;
  return tf.reshape(v, shape);
}

/** A host vector as a tensor of `rank` that lies along `axis`, for broadcasting against it. */
export function alongAxis(values: number[], axis: number, rank: number): tf.Tensor {
  const shape = Array(rank).fill(1);
  shape[axis] = values.length;
  return tf.tensor(values, shape, 'float32');
}

/**
 * Pads (positive amounts) or crops (negative amounts) the trailing axes of `x`: `pads[i]` is
 * [before, after] for axis `rank - pads.length + i`, filled with `value`.
 */
export function padCrop(x: tf.Tensor, pads: [number, number][], value = 0): tf.Tensor {
  const first = x.rank - pads.length;
  const begin = x.shape.map(() => 0);
  const size = x.shape.slice();
  let cropped = false;
  pads.forEach(([before, after], i) => {
    const axis = first + i;
    if (before < 0) begin[axis] = -before;
    size[axis] -= Math.max(0, -before) + Math.max(0, -after);
    cropped ||= before < 0 || after < 0;
  });
  const y = cropped ? tf.slice(x, begin, size) : x;
  if (!pads.some(([before, after]) => before > 0 || after > 0)) return y;
  const full: [number, number][] = x.shape.map(() => [0, 0]);
  pads.forEach(([before, after], i) => {
    full[first + i] = [Math.max(0, before), Math.max(0, after)];
  });
  return tf.pad(y, full, value);
}

/**
 * `x` as [before, n, after]: the dims around `axis` merged, so that splitting the axis stays
 * within rank 4 (tfjs' WebGPU pad and slice shaders fail to compile for rank 5 and above).
 */
function aroundAxis(x: tf.Tensor, axis: number): [number, number, number] {
  const before = x.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const after = x.shape.slice(axis + 1).reduce((a, b) => a * b, 1);
  return [before, x.shape[axis] as number, after];
}

/** `x` with the length of `axis` changed to `n`. */
function withAxis(x: tf.Tensor, axis: number, n: number): number[] {
  const shape = x.shape.slice();
  shape[axis] = n;
  return shape;
}

/** Inserts `factor - 1` zeros between neighbours along `axis`: length n becomes (n-1)·factor+1. */
export function spreadAxis(x: tf.Tensor, axis: number, factor: number): tf.Tensor {
  if (factor === 1) return x;
  const [before, n, after] = aroundAxis(x, axis);
  const padded = tf.pad(tf.reshape(x, [before, n, 1, after]), [[0, 0], [0, 0], [0, factor - 1], [0, 0]]);
  const spread = tf.slice(tf.reshape(padded, [before, n * factor, after]), [0, 0, 0], [before, (n - 1) * factor + 1, after]);
  return tf.reshape(spread, withAxis(x, axis, (n - 1) * factor + 1));
}

/**
 * Every `step`-th element along `axis`, `count` of them from `start`. tfjs' stridedSlice has no
 * gradient, so this pads, reshapes the axis into [count, step] and keeps column 0.
 */
export function stridedAxis(x: tf.Tensor, axis: number, start: number, count: number, step: number): tf.Tensor {
  const [before, n, after] = aroundAxis(x, axis);
  const flat = tf.reshape(x, [before, n, after]);
  if (step === 1) {
    return tf.reshape(tf.slice(flat, [0, start, 0], [before, count, after]), withAxis(x, axis, count));
  }
  const avail = Math.min(n - start, count * step);
  let window = tf.slice(flat, [0, start, 0], [before, avail, after]);
  if (avail < count * step) window = tf.pad(window, [[0, 0], [0, count * step - avail], [0, 0]]);
  const grouped = tf.reshape(window, [before, count, step, after]);
  return tf.reshape(tf.slice(grouped, [0, 0, 0, 0], [before, count, 1, after]), withAxis(x, axis, count));
}

/** `x` indexed along `axis` by host indices (tf.gather; its gradient is a segment sum). */
export function gatherAxis(x: tf.Tensor, axis: number, indices: number[]): tf.Tensor {
  return tf.gather(x, tf.tensor1d(indices, 'int32'), axis);
}

/** Contracts `axis` of `x` (length n) with a host matrix `m` of shape [out, n]: y[…i…] = Σ_j m[i][j]·x[…j…]. */
export function contractAxis(x: tf.Tensor, axis: number, m: number[][]): tf.Tensor {
  const last = x.rank - 1;
  const perm = x.shape.map((_, i) => i);
  perm[axis] = last;
  perm[last] = axis;
  const moved = axis === last ? x : tf.transpose(x, perm);
  const n = moved.shape[last];
  const mt = tf.tensor2d(m, [m.length, n]);
  const y = tf.matMul(tf.reshape(moved, [-1, n]), mt, false, true);
  const out = tf.reshape(y, [...moved.shape.slice(0, last), m.length]);
  return axis === last ? out : tf.transpose(out, perm);
}
