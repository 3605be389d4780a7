import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { reduceAxes } from './reduce';

/** `var(x, dim, correction, keepdim)` = Σ(x − mean)² / (N − correction); correction null = 1. */
export const variance: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  if (x.dtype !== 'float32') throw new OpError(`var of a ${x.dtype} tensor: cast it to float32 first (PyTorch refuses it too)`);
  const axes = reduceAxes(attrs, 'dim', x.rank);
  const correction = typeof attrs.correction === 'number' ? attrs.correction : 1;
  const n = axes.reduce((p, a) => p * x.shape[a], 1);
  const centered = tf.sub(x, tf.mean(x, axes, true));
  return tf.div(tf.sum(tf.square(centered), axes, attrs.keepdim === true), tf.scalar(n - correction));
};
