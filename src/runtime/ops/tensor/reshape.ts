import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { inferSizes, intListAttr } from './shape';

/** `reshape(x, shape)` (view, reshape, _unsafe_view); one size may be -1. */
export const reshape: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  return tf.reshape(x, inferSizes(intListAttr(attrs, 'shape'), x.size, 'reshape'));
};
