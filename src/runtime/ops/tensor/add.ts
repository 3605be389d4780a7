import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr } from '../util';
import { arithmetic, operandArg } from './promote';

/** `add(a, b, alpha)` = a + alpha·b, broadcasting, with PyTorch's dtype promotion. */
export const add: Lowering = (inputs, attrs) => {
  const alpha = intAttr(attrs, 'alpha', 1);
  return arithmetic(operandArg(inputs, 0), operandArg(inputs, 1), (a, b, dtype) =>
    tf.add(a, alpha === 1 ? b : tf.mul(b, tf.scalar(alpha, dtype)))
  );
};
