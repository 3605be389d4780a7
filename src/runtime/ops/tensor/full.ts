import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { AttrValue, Lowering } from '../types';
import { dtypeOf, Dtype, isDtype } from './promote';
import { intListAttr } from './shape';

/** `full(size, value, dtype)` (zeros, ones, full, new_*): dtype null = the value's own (int or float, as PyTorch). */
export const full: Lowering = (_inputs, attrs) => {
  const size = intListAttr(attrs, 'size');
  return filled(size, attrs.value, attrs.dtype ?? null);
};

/** A tensor of `shape` filled with `value`, in `dtype` or else the value's own dtype. */
export function filled(shape: number[], value: AttrValue | undefined, dtype: AttrValue): tf.Tensor {
  if (typeof value !== 'number' && typeof value !== 'boolean') {
    throw new OpError(`fill value must be a number or a boolean, got ${JSON.stringify(value)}`);
  }
  if (dtype !== null && !isDtype(dtype)) {
    throw new OpError(`dtype must be "float32", "int32", "bool" or null, got ${JSON.stringify(dtype)}`);
  }
  const d: Dtype = dtype ?? dtypeOf(value);
  if (d !== 'float32' && typeof value === 'number' && !Number.isFinite(value)) {
    throw new OpError(`cannot fill a ${d} tensor with ${value}`);
  }
  return tf.fill(shape, Number(value), d);
}
