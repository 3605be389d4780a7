import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { castExact } from '../util';
import { arithmetic, Operand, operandArg } from './promote';

/** `pow(a, b)` = a^b, broadcasting; int ** int stays int (and exact), as in PyTorch. */
export const pow: Lowering = inputs => {
  const base = operandArg(inputs, 0);
  const exponent = operandArg(inputs, 1);
  return arithmetic(base, exponent, (a, b, dtype) => (dtype === 'int32' ? intPow(a, b, exponent) : tf.pow(a, b)));
};

/**
 * Integer power. tf.pow computes int32 in float and truncates on WebGPU (9² = 80), so a constant
 * exponent squares and multiplies, and a tensor exponent rounds the float result.
 */
function intPow(a: tf.Tensor, b: tf.Tensor, exponent: Operand): tf.Tensor {
  if (typeof exponent !== 'number') {
    return tf.cast(tf.round(tf.pow(castExact(a, 'float32'), castExact(b, 'float32'))), 'int32');
  }
  if (exponent < 0) throw new OpError(`integers to negative integer powers are not allowed (got ${exponent}); cast the base to float32`);
  let result: tf.Tensor = tf.onesLike(a);
  let square = a;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = tf.mul(result, square);
    if (e > 1) square = tf.mul(square, square);
  }
  return result;
}
