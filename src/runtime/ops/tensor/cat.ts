import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, normDim, tensorListArg } from '../util';
import { promoteTypes, toTensor } from './promote';

/** `cat([tensors…], dim)`: concatenates along dim, promoting dtypes; legacy empty 1-D tensors are skipped. */
export const cat: Lowering = (inputs, attrs) => {
  const all = tensorListArg(inputs, 0);
  if (all.length === 0) throw new OpError('cat needs at least one tensor');
  const dtype = promoteTypes(...all);
  const rank = Math.max(...all.map(t => t.rank));
  // PyTorch still accepts zero-element 1-D tensors of any other shape in cat.
  const parts = all.filter(t => !(t.rank === 1 && t.size === 0 && rank > 1));
  if (parts.length === 0) return toTensor(all[0], dtype).clone();
  const d = normDim(intAttr(attrs, 'dim', 0), rank);
  return tf.concat(parts.map(t => toTensor(t, dtype)), d);
};
