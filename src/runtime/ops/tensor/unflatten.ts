import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';
import { inferSizes, intListAttr } from './shape';

/** `unflatten(x, dim, sizes)`: splits dim into `sizes` (one may be -1). */
export const unflatten: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim'), x.rank);
  const sizes = inferSizes(intListAttr(attrs, 'sizes'), x.shape[d], 'unflatten');
  return tf.reshape(x, [...x.shape.slice(0, d), ...sizes, ...x.shape.slice(d + 1)]);
};
