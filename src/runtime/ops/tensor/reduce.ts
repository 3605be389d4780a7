/**
 * Shared by the reductions (sum, mean, amax, amin, var, max_dim, argmax): PyTorch's `dim`
 * argument and a dtype-safe way to reduce over it.
 */
import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Attrs } from '../types';
import { normDim, transposeExact } from '../util';

/** The axes named by attrs[key]: an int, a list, or null / [] for all dims (PyTorch's dim=None). */
export function reduceAxes(attrs: Attrs, key: string, rank: number): number[] {
  const v = attrs[key] ?? null;
  const dims = typeof v === 'number' ? [v] : v;
  if (dims === null || (Array.isArray(dims) && dims.length === 0)) return [...Array(rank).keys()];
  if (!Array.isArray(dims) || !dims.every(d => typeof d === 'number')) {
    throw new OpError(`attribute ${key} must be an int, a list of ints or null, got ${JSON.stringify(v)}`);
  }
  const axes = (dims as number[]).map(d => normDim(d, rank));
  if (new Set(axes).size !== axes.length) throw new OpError(`dim ${JSON.stringify(v)} names a dimension twice`);
  return axes;
}

/** x's shape with the reduced axes kept as size 1. */
export function keptShape(shape: number[], axes: number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

/**
 * `f(x, axes)` with keepdim applied. For int32/bool x of rank ≥ 3 the axes are first moved
 * innermost with an exact transpose: tfjs reductions transpose non-inner axes themselves, which
 * tfjs-backend-webgpu 4.22 miscompiles for int32 (see transposeExact).
 */
export function reduceOver(
  x: tf.Tensor,
  axes: number[],
  keepdim: boolean,
  f: (x: tf.Tensor, axes: number[]) => tf.Tensor
): tf.Tensor {
  let input = x;
  let inner = axes;
  const rest = [...Array(x.rank).keys()].filter(i => !axes.includes(i));
  const innermost = axes.every(a => a >= rest.length);
  if (x.dtype !== 'float32' && x.rank >= 3 && !innermost) {
    input = transposeExact(x, [...rest, ...axes]);
    inner = axes.map((_, i) => rest.length + i);
  }
  const out = f(input, inner);
  return keepdim ? tf.reshape(out, keptShape(x.shape, axes)) : out;
}
