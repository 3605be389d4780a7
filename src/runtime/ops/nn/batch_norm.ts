import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { optionalTensorArg, tensorArg } from '../util';
import { floatAttr } from './attrs';
import { perChannel } from './layout';

/** `batch_norm(x, weight?, bias?, running_mean, running_var)` in eval mode: normalizes dim 1 with the running statistics. */
export const batchNorm: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const weight = optionalTensorArg(inputs, 1);
  const bias = optionalTensorArg(inputs, 2);
  const mean = tensorArg(inputs, 3);
  const variance = tensorArg(inputs, 4);
  const eps = floatAttr(attrs, 'eps', 1e-5);
  if (x.rank < 2 || mean.size !== x.shape[1]) {
    throw new OpError(`batch_norm: input shape [${x.shape}] does not have ${mean.size} channels in dim 1`);
  }
  let scale = tf.rsqrt(tf.add(variance, eps));
  if (weight !== null) scale = tf.mul(scale, weight);
  const y = tf.mul(tf.sub(x, perChannel(mean, x.rank)), perChannel(scale, x.rank));
  return bias === null ? y : tf.add(y, perChannel(bias, x.rank));
};
