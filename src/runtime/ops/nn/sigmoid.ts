import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** `sigmoid(x)` = 1 / (1 + e^−x). */
export const sigmoid: Lowering = inputs => tf.sigmoid(tensorArg(inputs, 0));
