import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

/** `flatten(x, start_dim, end_dim)`: merges dims start..end (inclusive); a scalar becomes [1]. */
export const flatten: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  if (x.rank === 0) return tf.reshape(x, [1]);
  const start = normDim(intAttr(attrs, 'start_dim', 0), x.rank);
  const end = normDim(intAttr(attrs, 'end_dim', -1), x.rank);
  if (start > end) return tf.reshape(x, x.shape);
  const merged = x.shape.slice(start, end + 1).reduce((p, n) => p * n, 1);
  return tf.reshape(x, [...x.shape.slice(0, start), merged, ...x.shape.slice(end + 1)]);
};
