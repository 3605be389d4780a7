import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tieSplitting } from './maximum';
import { arithmetic, operandArg } from './promote';

/** `minimum(a, b)`, broadcasting; ties split the gradient evenly, as in PyTorch. */
export const minimum: Lowering = inputs =>
  arithmetic(operandArg(inputs, 0), operandArg(inputs, 1), (a, b, dtype) =>
    dtype === 'float32' ? tieSplitting(a, b, tf.less) : tf.minimum(a, b)
  );
