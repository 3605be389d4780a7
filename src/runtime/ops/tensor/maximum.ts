import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { noGradient } from '../util';
import { arithmetic, operandArg } from './promote';

/**
 * `maximum(a, b)`, broadcasting. Ties split the gradient evenly between a and b, as in
 * PyTorch (tf.maximum would give it all to a); NaN propagates.
 */
export const maximum: Lowering = inputs =>
  arithmetic(operandArg(inputs, 0), operandArg(inputs, 1), (a, b, dtype) =>
    dtype === 'float32' ? tieSplitting(a, b, tf.greater) : tf.maximum(a, b)
  );

/** Picks a where `wins(a, b)`, b where `wins(b, a)`, else their mean (ties, NaN). */
export function tieSplitting(a: tf.Tensor, b: tf.Tensor, wins: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor): tf.Tensor {
  const aWins = noGradient(wins)(a, b);
  const bWins = noGradient(wins)(b, a);
  const tie = tf.div(tf.add(a, b), tf.scalar(2));
  return tf.where(aWins, a, tf.where(bWins, b, tie));
}
