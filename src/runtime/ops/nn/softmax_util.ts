/**
 * tfjs' softmax and logSoftmax work on the last axis only; PyTorch's take any dim.
 */
import * as tf from '@tensorflow/tfjs';

import { normDim } from '../util';

/** Applies `lastAxisFn` along `dim` (negative counts from the end) by swapping it to the end and back. */
export function alongDim(x: tf.Tensor, dim: number, lastAxisFn: (t: tf.Tensor) => tf.Tensor): tf.Tensor {
  if (x.rank === 0) return tf.reshape(lastAxisFn(tf.reshape(x, [1])), []);
  const axis = normDim(dim, x.rank);
  const last = x.rank - 1;
  if (axis === last) return lastAxisFn(x);
  const perm = x.shape.map((_, i) => i);
  perm[axis] = last;
  perm[last] = axis;
  return tf.transpose(lastAxisFn(tf.transpose(x, perm)), perm);
}
