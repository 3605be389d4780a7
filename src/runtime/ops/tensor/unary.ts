/**
 * Elementwise math of one tensor. Functions that are float in PyTorch (exp, log, …) promote an
 * int input to float32; neg and abs keep the dtype.
 */
import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { asFloat } from './promote';
import { sinCos } from './trig';

function floatUnary(f: (x: tf.Tensor) => tf.Tensor): Lowering {
  return inputs => f(asFloat(tensorArg(inputs, 0)));
}

/** `neg(x)` = −x. */
export const neg: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  if (x.dtype === 'bool') throw new OpError('neg of a bool tensor is not defined (PyTorch refuses it too); use logical_not');
  return tf.neg(x);
};

/** `abs(x)` = |x|; the gradient at 0 is 0, as PyTorch's sign(x) (tf.abs gives −1 there). */
export const abs: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  if (x.dtype !== 'float32') return x.dtype === 'bool' ? tf.clone(x) : tf.abs(x);
  return tf.mul(x, tf.sign(x));
};

/** `exp(x)` = eˣ. */
export const exp = floatUnary(tf.exp);
/** `log(x)`, natural logarithm. */
export const log = floatUnary(tf.log);
/** `sqrt(x)` = √x. */
export const sqrt = floatUnary(tf.sqrt);
/** `rsqrt(x)` = 1/√x. */
export const rsqrt = floatUnary(tf.rsqrt);
/** `reciprocal(x)` = 1/x. */
export const reciprocal = floatUnary(tf.reciprocal);
/** `sin(x)`, to float32 precision on every backend (see trig.ts). */
export const sin = floatUnary(x => sinCos(x, false));
/** `cos(x)`, to float32 precision on every backend (see trig.ts). */
export const cos = floatUnary(x => sinCos(x, true));
/** `erf(x)`, the Gauss error function. */
export const erf = floatUnary(tf.erf);
