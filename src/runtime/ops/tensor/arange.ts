import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { castExact, intAttr } from '../util';
import { Dtype, isDtype } from './promote';

/**
 * `arange(start, end, step, dtype)`: ⌈(end − start)/step⌉ values start + i·step; dtype null =
 * int32 when all three are integral, else float32 (as PyTorch).
 */
export const arange: Lowering = (_inputs, attrs) => {
  const start = intAttr(attrs, 'start', 0);
  const end = intAttr(attrs, 'end');
  const step = intAttr(attrs, 'step', 1);
  if (step === 0) throw new OpError('arange step must be nonzero');
  const dtype = attrs.dtype ?? null;
  if (dtype !== null && !isDtype(dtype)) throw new OpError(`arange dtype must be float32, int32 or null, got ${JSON.stringify(dtype)}`);
  const d: Dtype = dtype ?? ([start, end, step].every(Number.isInteger) ? 'int32' : 'float32');
  if (d === 'bool') throw new OpError('arange cannot produce bool');
  const n = Math.max(0, Math.ceil((end - start) / step));
  // start + i·step from an exact integer ramp (accumulating step would drift in float32).
  const ramp = tf.range(0, n, 1, 'int32');
  if (d === 'int32') return tf.add(tf.mul(ramp, tf.scalar(step, 'int32')), tf.scalar(start, 'int32'));
  return tf.add(tf.mul(castExact(ramp, 'float32'), tf.scalar(step)), tf.scalar(start));
};
