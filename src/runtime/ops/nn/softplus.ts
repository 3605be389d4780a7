import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { floatAttr } from './attrs';
import { greaterThan } from './compare';

/** `softplus(x)` = log(1 + e^(βx)) / β, and x itself where βx > threshold (PyTorch's linear regime). */
export const softplus: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const beta = floatAttr(attrs, 'beta', 1);
  const threshold = floatAttr(attrs, 'threshold', 20);
  const bx = tf.mul(x, beta);
  // min() keeps exp finite in the unused branch, whose gradient would otherwise be 0 · ∞ = NaN.
  const soft = tf.div(tf.log1p(tf.exp(tf.minimum(bx, threshold))), beta);
  return tf.where(greaterThan(bx, threshold), x, soft);
};
