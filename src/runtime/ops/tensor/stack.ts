import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, normDim, tensorListArg } from '../util';
import { promoteTypes, toTensor } from './promote';

/** `stack([tensors…], dim)`: joins equal-shaped tensors along a new dim, promoting dtypes. */
export const stack: Lowering = (inputs, attrs) => {
  const all = tensorListArg(inputs, 0);
  if (all.length === 0) throw new OpError('stack needs at least one tensor');
  const dtype = promoteTypes(...all);
  const d = normDim(intAttr(attrs, 'dim', 0), all[0].rank + 1);
  return tf.stack(all.map(t => toTensor(t, dtype)), d);
};
