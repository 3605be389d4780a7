import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { arithmetic, operandArg } from './promote';

/** `mul(a, b)` = a·b, broadcasting, with PyTorch's dtype promotion. */
export const mul: Lowering = inputs => arithmetic(operandArg(inputs, 0), operandArg(inputs, 1), (a, b) => tf.mul(a, b));
