import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

/** `unbind(x, dim)` → list of the slices along dim, that dim removed. */
export const unbind: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  return tf.unstack(x, normDim(intAttr(attrs, 'dim', 0), x.rank));
};
