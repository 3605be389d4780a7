/**
 * Elementwise comparisons → bool, broadcasting, operands promoted to their common dtype first
 * (so `int_tensor < 0.5` compares in float, as PyTorch).
 */
import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { noGradient } from '../util';
import { operandArg, promoteTypes, toTensor } from './promote';

function comparison(f: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): Lowering {
  return inputs => {
    const a = operandArg(inputs, 0);
    const b = operandArg(inputs, 1);
    const dtype = promoteTypes(a, b);
    const work = dtype === 'bool' ? 'int32' : dtype;
    // tfjs registers no gradient for comparisons; noGradient keeps tf.grad working through masks.
    return noGradient(f)(toTensor(a, work), toTensor(b, work));
  };
}

/** `eq(a, b)` = a == b. */
export const eq = comparison(tf.equal);
/** `ne(a, b)` = a != b. */
export const ne = comparison(tf.notEqual);
/** `lt(a, b)` = a < b. */
export const lt = comparison(tf.less);
/** `le(a, b)` = a <= b. */
export const le = comparison(tf.lessEqual);
/** `gt(a, b)` = a > b. */
export const gt = comparison(tf.greater);
/** `ge(a, b)` = a >= b. */
export const ge = comparison(tf.greaterEqual);
