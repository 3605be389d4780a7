import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** `relu(x)` = max(x, 0). */
export const relu: Lowering = inputs => tf.relu(tensorArg(inputs, 0));
