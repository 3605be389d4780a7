import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { floatAttr } from './attrs';
import { greaterThan } from './compare';

/** `elu(x)` = x for x > 0, α·(e^x − 1) otherwise (tf.elu has no α). */
export const elu: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const alpha = floatAttr(attrs, 'alpha', 1);
  // min() keeps exp finite in the unused branch, whose gradient would otherwise be 0 · ∞ = NaN.
  const negative = tf.mul(tf.expm1(tf.minimum(x, 0)), alpha);
  return tf.where(greaterThan(x, 0), x, negative);
};
