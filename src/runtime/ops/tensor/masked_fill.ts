import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { dtypeOf, operandArg, toTensor } from './promote';

/** `masked_fill(x, mask, value)`: `value` where mask (broadcast to x), else x; keeps x's dtype. */
export const maskedFill: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  const mask = toTensor(operandArg(inputs, 1), 'bool');
  const value = operandArg(inputs, 2);
  if (value instanceof tf.Tensor && value.rank !== 0) {
    throw new OpError(`masked_fill takes a 0-dim value tensor, got shape [${value.shape}]`);
  }
  if (x.dtype !== 'float32' && typeof value === 'number' && !Number.isFinite(value)) {
    throw new OpError(`cannot fill a ${x.dtype} tensor with ${value}`);
  }
  const filled = tf.where(mask, toTensor(value, dtypeOf(x)), x);
  // The output has x's shape even where the mask alone would broadcast it wider, as PyTorch.
  if (filled.shape.length !== x.shape.length || filled.shape.some((d, i) => d !== x.shape[i])) {
    throw new OpError(`mask of shape [${mask.shape}] does not broadcast to x's shape [${x.shape}]`);
  }
  return filled;
};
