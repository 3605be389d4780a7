import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { gatherAxis, intAttr, normDim, tensorArg } from '../util';
import { wrapIndex } from './indices';

/** `index_select(x, index, dim)`: the slices of x along dim picked by a 1-D int index (repeats allowed). */
export const indexSelect: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim', 0), x.rank);
  const idx = wrapIndex(tf.reshape(tensorArg(inputs, 1), [-1]), x.shape[d]);
  return gatherAxis(x, idx, d);
};
