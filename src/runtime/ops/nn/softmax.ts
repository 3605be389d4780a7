import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, tensorArg } from '../util';
import { alongDim } from './softmax_util';

/** `softmax(x)` along `dim`. */
export const softmax: Lowering = (inputs, attrs) =>
  alongDim(tensorArg(inputs, 0), intAttr(attrs, 'dim'), t => tf.softmax(t));
