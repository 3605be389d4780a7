import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

/** `unsqueeze(x, dim)`: inserts a size-1 dim; dim counts in the output's rank (−1 = last). */
export const unsqueeze: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim'), x.rank + 1);
  return tf.reshape(x, [...x.shape.slice(0, d), 1, ...x.shape.slice(d)]);
};
