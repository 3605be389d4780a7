import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { castExact, intAttr, noGradient, normDim, tensorArg } from '../util';
import { argmaxAlong } from './argmax';
import { reduceOver } from './reduce';

/**
 * `max_dim(x, dim, keepdim)` → [values, int32 indices] (torch.max(x, dim)). The first maximum
 * wins ties; its value alone receives the gradient, as in PyTorch.
 */
export const maxDim: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  if (x.rank === 0) return [tf.clone(x), tf.scalar(0, 'int32')];
  const d = normDim(intAttr(attrs, 'dim'), x.rank);
  const keepdim = attrs.keepdim === true;
  const input = x.dtype === 'bool' ? castExact(x, 'int32') : x;
  const indices = argmaxAlong(input, d);
  const iota = tf.reshape(tf.range(0, x.shape[d], 1, 'int32'), x.shape.map((n, i) => (i === d ? n : 1)));
  const hit = noGradient(i => tf.equal(tf.expandDims(i, d), iota))(indices);
  let values = reduceOver(tf.where(hit, input, tf.zerosLike(input)), [d], keepdim, (t, axes) => tf.sum(t, axes));
  if (x.dtype === 'bool') values = tf.cast(values, 'bool');
  return [values, keepdim ? tf.expandDims(indices, d) : indices];
};
