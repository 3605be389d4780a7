import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** √(2/π), the tanh approximation's constant (Hendrycks & Gimpel 2016, §2). */
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
/** The cubic coefficient of the same approximation. */
const GELU_CUBIC = 0.044715;

/** `gelu(x)` = x·Φ(x): exact with erf (approximate "none") or PyTorch's tanh approximation ("tanh"). */
export const gelu: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const approximate = attrs.approximate ?? 'none';
  let cdf: tf.Tensor;
  if (approximate === 'none') {
    cdf = tf.erf(tf.mul(x, Math.SQRT1_2));
  } else if (approximate === 'tanh') {
    cdf = tf.tanh(tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), GELU_CUBIC)), SQRT_2_OVER_PI));
  } else {
    throw new OpError(`gelu approximate must be "none" or "tanh", got ${JSON.stringify(approximate)}`);
  }
  return tf.mul(tf.mul(x, 0.5), tf.add(cdf, 1));
};
