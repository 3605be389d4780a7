import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { gatherAxis, intAttr, normDim, tensorArg } from '../util';
import { linearIndex, stridesOf, wrapIndex } from './indices';

/**
 * `gather(x, index, dim)` with torch.gather's semantics: out[i][j][k] = x[index[i][j][k]][j][k]
 * for dim 0, and so on; index may be smaller than x in the other dims.
 */
export const gather: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const index = tensorArg(inputs, 1);
  const rank = Math.max(x.rank, 1);
  const d = normDim(intAttr(attrs, 'dim', 0), rank);
  if (index.rank !== x.rank) throw new OpError(`gather index must have x's rank ${x.rank}, got shape [${index.shape}]`);
  if (x.rank === 0) return tf.reshape(x, []);
  index.shape.forEach((n, k) => {
    if (k !== d && n > x.shape[k]) throw new OpError(`gather index of shape [${index.shape}] is larger than x [${x.shape}] at dim ${k}`);
  });
  // Flat position in x of every index element: its own coordinates, with dim d replaced by the index value.
  const coords = index.shape.map((n, k) =>
    k === d ? wrapIndex(index, x.shape[d]) : tf.reshape(tf.range(0, n, 1, 'int32'), index.shape.map((m, j) => (j === k ? m : 1)))
  );
  const flat = tf.reshape(tf.broadcastTo(linearIndex(coords, stridesOf(x.shape)), index.shape), [-1]);
  return tf.reshape(gatherAxis(tf.reshape(x, [-1]), flat, 0), index.shape);
};
