import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** `silu(x)` = x · sigmoid(x) (a.k.a. swish). */
export const silu: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  return tf.mul(x, tf.sigmoid(x));
};
