import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { operandArg, promoteTypes, toTensor } from './promote';

/** `where(cond, a, b)`: a where cond, else b; all three broadcast, a and b promoted. */
export const where: Lowering = inputs => {
  const cond = toTensor(operandArg(inputs, 0), 'bool');
  const a = operandArg(inputs, 1);
  const b = operandArg(inputs, 2);
  const dtype = promoteTypes(a, b);
  return tf.where(cond, toTensor(a, dtype), toTensor(b, dtype));
};
