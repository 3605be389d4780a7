import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { greaterThan, lessThan } from './compare';

/** `hardswish(x)` = x · relu6(x + 3) / 6; the branches split at x < −3 and x ≤ 3 like PyTorch's backward. */
export const hardswish: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  const inside = tf.div(tf.mul(x, tf.add(x, 3)), 6);
  return tf.where(lessThan(x, -3), tf.scalar(0), tf.where(greaterThan(x, 3), x, inside));
};
