import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';

/** `identity(x)` (eval dropout, contiguous, clone, alias, no-op casts): x itself, as a new handle on the same data. */
export const identity: Lowering = inputs => {
  const x = inputs[0];
  return x instanceof tf.Tensor ? tf.clone(x) : (x ?? null);
};
