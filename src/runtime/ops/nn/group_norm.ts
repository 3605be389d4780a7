import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { OpError } from '../types';
import { intAttr, optionalTensorArg, tensorArg } from '../util';
import { floatAttr } from './attrs';
import { perChannel } from './layout';
import { standardize } from './norm_util';

/** `group_norm(x, weight?, bias?)`: normalizes each of `num_groups` channel groups per sample. */
export const groupNorm: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const groups = intAttr(attrs, 'num_groups');
  const eps = floatAttr(attrs, 'eps', 1e-5);
  const channels = x.shape[1];
  if (channels === undefined || channels % groups !== 0) {
    throw new OpError(`group_norm: ${channels} channels of input [${x.shape}] do not split into ${groups} groups`);
  }
  const grouped = tf.reshape(x, [x.shape[0], groups, -1]);
  let y = tf.reshape(standardize(grouped, [2], eps), x.shape);
  const weight = optionalTensorArg(inputs, 1);
  const bias = optionalTensorArg(inputs, 2);
  if (weight !== null) y = tf.mul(y, perChannel(weight, x.rank));
  return bias === null ? y : tf.add(y, perChannel(bias, x.rank));
};
