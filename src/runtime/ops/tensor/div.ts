import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { castExact, noGradient } from '../util';
import { Operand, operandArg, promoteTypes, toTensor } from './promote';

type RoundingMode = 'trunc' | 'floor';

/**
 * `div(a, b, rounding_mode)`: true division (always float) when rounding_mode is null, else
 * the quotient rounded toward zero (`"trunc"`) or down (`"floor"`) in the operands' dtype.
 * Rounded division has a zero gradient, as in PyTorch.
 */
export const div: Lowering = (inputs, attrs) => {
  const a = operandArg(inputs, 0);
  const b = operandArg(inputs, 1);
  const mode = attrs.rounding_mode ?? null;
  if (mode === null) return tf.div(toTensor(a, 'float32'), toTensor(b, 'float32'));
  if (mode !== 'trunc' && mode !== 'floor') {
    throw new OpError(`rounding_mode must be null, "trunc" or "floor", got ${JSON.stringify(mode)}`);
  }
  return roundedDiv(a, b, mode);
};

function roundedDiv(a: Operand, b: Operand, mode: RoundingMode): tf.Tensor {
  const dtype = promoteTypes(a, b);
  if (dtype === 'float32') {
    return noGradient((x, y) => {
      const q = tf.div(x, y);
      return mode === 'floor' ? tf.floor(q) : tf.mul(tf.sign(q), tf.floor(tf.abs(q)));
    })(toTensor(a, dtype), toTensor(b, dtype));
  }
  return noGradient((x, y) => {
    // Exact integer division: tf.floorDiv, then one step toward zero where the signs differ.
    const q = tf.floorDiv(x, y);
    if (mode === 'floor') return q;
    const inexact = tf.notEqual(tf.sub(x, tf.mul(q, y)), tf.scalar(0, 'int32'));
    const negative = tf.notEqual(tf.less(x, tf.scalar(0, 'int32')), tf.less(y, tf.scalar(0, 'int32')));
    return tf.add(q, castExact(tf.logicalAnd(inexact, negative), 'int32'));
  })(toTensor(a, 'int32'), toTensor(b, 'int32'));
}
