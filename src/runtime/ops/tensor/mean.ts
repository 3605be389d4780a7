import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { reduceAxes, reduceOver } from './reduce';

/** `mean(x, dim, keepdim)`: dim null averages everything; float only, as in PyTorch. */
export const mean: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  if (x.dtype !== 'float32') throw new OpError(`mean of a ${x.dtype} tensor: cast it to float32 first (PyTorch refuses it too)`);
  return reduceOver(x, reduceAxes(attrs, 'dim', x.rank), attrs.keepdim === true, (t, axes) => tf.mean(t, axes));
};
