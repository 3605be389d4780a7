import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { floatAttr } from './attrs';

/** `leaky_relu(x)` = x for x > 0, negative_slope · x otherwise. */
export const leakyRelu: Lowering = (inputs, attrs) =>
  tf.leakyRelu(tensorArg(inputs, 0), floatAttr(attrs, 'negative_slope', 0.01));
