import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr } from '../util';

/** `getitem(outputs, index)`: one output of a multi-output node (split, max_dim, lstm, …). */
export const getitem: Lowering = (inputs, attrs) => {
  const list = inputs[0];
  if (!Array.isArray(list)) throw new OpError('getitem takes the list of a multi-output node as input 0');
  const raw = intAttr(attrs, 'index');
  const i = raw < 0 ? raw + list.length : raw;
  if (i < 0 || i >= list.length) throw new OpError(`getitem index ${raw} is out of range for ${list.length} outputs`);
  const v = list[i];
  // A new handle: the caller may dispose what a lowering returns, and the list still owns v.
  return v instanceof tf.Tensor ? tf.clone(v) : v;
};
