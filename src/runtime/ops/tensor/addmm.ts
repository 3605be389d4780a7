import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, noGradient, tensorArg } from '../util';
import { batchMatmul } from './matmul';
import { promoteTypes, toTensor } from './promote';

/** `addmm(bias, a, b, beta, alpha)` = beta·bias + alpha·(a @ b); beta = 0 ignores bias (NaN included). */
export const addmm: Lowering = (inputs, attrs) => {
  const bias = tensorArg(inputs, 0);
  const beta = intAttr(attrs, 'beta', 1);
  const alpha = intAttr(attrs, 'alpha', 1);
  const dtype = promoteTypes(bias, tensorArg(inputs, 1), tensorArg(inputs, 2));
  let product = batchMatmul(toTensor(tensorArg(inputs, 1), dtype), toTensor(tensorArg(inputs, 2), dtype));
  if (alpha !== 1) product = tf.mul(product, tf.scalar(alpha, dtype));
  // beta = 0: bias only shapes the result; a zero-gradient path keeps it differentiable, as in PyTorch.
  if (beta === 0) return tf.add(product, noGradient(t => tf.zerosLike(t))(toTensor(bias, dtype)));
  const scaled = beta === 1 ? toTensor(bias, dtype) : tf.mul(toTensor(bias, dtype), tf.scalar(beta, dtype));
  return tf.add(scaled, product);
};
