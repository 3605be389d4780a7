import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

/** `select(x, dim, index)` = x[..., index, ...]: one slice along dim, that dim removed; negative index counts from the end. */
export const select: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim', 0), x.rank);
  const n = x.shape[d];
  const raw = intAttr(attrs, 'index');
  const i = raw < 0 ? raw + n : raw;
  if (i < 0 || i >= n) throw new OpError(`select index ${raw} is out of range for dim ${d} of size ${n}`);
  const begin = x.shape.map((_, k) => (k === d ? i : 0));
  const size = x.shape.map((s, k) => (k === d ? 1 : s));
  return tf.reshape(tf.slice(x, begin, size), x.shape.filter((_, k) => k !== d));
};
