import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { optionalFloatAttr } from './attrs';

/**
 * `clamp(x)` to [min, max] (null: unbounded). As torch.clamp, the bounds themselves keep the
 * gradient (unlike hardtanh), and max wins when min > max.
 */
export const clamp: Lowering = (inputs, attrs) => {
  const min = optionalFloatAttr(attrs, 'min', null);
  const max = optionalFloatAttr(attrs, 'max', null);
  const x = tensorArg(inputs, 0);
  const low = min === null ? x : tf.maximum(x, min);
  if (max !== null) return tf.minimum(low, max);
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return low === x ? tf.clone(x) : low;
};
