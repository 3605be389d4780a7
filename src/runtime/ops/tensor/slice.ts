import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, noGradient, normDim, tensorArg } from '../util';

/**
 * `slice(x, dim, start, end, step)` = x[..., start:end:step, ...] along dim. As PyTorch, null
 * start/end mean the ends, negatives count from the end and both clamp to [0, size] (so an end
 * of 2⁶³−1 means "to the end"); step must be positive.
 */
export const slice: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim', 0), x.rank);
  const n = x.shape[d];
  const step = intAttr(attrs, 'step', 1);
  if (step <= 0) throw new OpError(`slice step must be positive, got ${step}`);
  const start = clampIndex(attrs.start, 0, n);
  const end = Math.max(start, clampIndex(attrs.end, n, n));
  if (end === start) {
    // Nothing selected: built on the CPU, as tfjs-backend-webgpu cannot allocate an empty result.
    const shape = x.shape.map((s, i) => (i === d ? 0 : s));
    return noGradient(t => tf.zeros(shape, t.dtype))(x);
  }
  if (step === 1) {
    const begin = x.shape.map((_, i) => (i === d ? start : 0));
    const size = x.shape.map((s, i) => (i === d ? end - start : s));
    return tf.slice(x, begin, size);
  }
  return tf.gather(x, tf.range(start, end, step, 'int32'), d);
};

/** A slice bound: null = fallback, negatives count from the end, clamped to [0, n]. */
export function clampIndex(v: unknown, fallback: number, n: number): number {
  if (v === null || v === undefined) return fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) throw new OpError(`slice bounds must be ints or null, got ${JSON.stringify(v)}`);
  const i = v < 0 ? v + n : v;
  return Math.min(Math.max(i, 0), n);
}
