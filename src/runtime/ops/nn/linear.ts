import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { optionalTensorArg, tensorArg } from '../util';

/** `linear(x, weight, bias?)` = x·weightᵀ + bias over the last dim of x (any leading dims). */
export const linear: Lowering = inputs => {
  const x = tensorArg(inputs, 0);
  const w = tensorArg(inputs, 1);
  const bias = optionalTensorArg(inputs, 2);
  const inFeatures = x.shape[x.rank - 1];
  if (x.rank < 1 || w.rank !== 2 || w.shape[1] !== inFeatures) {
    throw new OpError(`linear: input shape [${x.shape}] does not match weight shape [${w.shape}] ([out, in])`);
  }
  const y = tf.matMul(tf.reshape(x, [-1, inFeatures]), w, false, true);
  const withBias = bias === null ? y : tf.add(y, bias);
  return tf.reshape(withBias, [...x.shape.slice(0, -1), w.shape[0]]);
};
