import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { greaterThan, lessThan } from './compare';

/** `hardsigmoid(x)` = x/6 + 1/2 clamped to [0, 1]; gradient 1/6 strictly inside (−3, 3), as PyTorch. */
export const hardsigmoid: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  const inside = tf.add(tf.div(x, 6), 0.5);
  return tf.where(greaterThan(x, -3), tf.where(lessThan(x, 3), inside, tf.scalar(1)), tf.scalar(0));
};
