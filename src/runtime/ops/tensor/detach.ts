import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { noGradient, tensorArg } from '../util';

/** `detach(x)`: x in the forward pass, a zero gradient in the backward pass. */
export const detach: Lowering = inputs => noGradient(t => tf.clone(t))(tensorArg(inputs, 0));
