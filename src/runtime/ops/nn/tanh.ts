import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** `tanh(x)`, the hyperbolic tangent. */
export const tanh: Lowering = inputs => tf.tanh(tensorArg(inputs, 0));
