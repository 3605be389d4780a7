import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { intAttr, tensorArg } from '../util';
import { alongDim } from './softmax_util';

/** `log_softmax(x)` along `dim`, computed as x − logsumexp (stable, unlike log(softmax)). */
export const logSoftmax: Lowering = (inputs, attrs) =>
  alongDim(tensorArg(inputs, 0), intAttr(attrs, 'dim'), t => tf.logSoftmax(t));
