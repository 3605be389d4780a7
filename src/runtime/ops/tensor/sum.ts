import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { castExact, tensorArg } from '../util';
import { reduceAxes, reduceOver } from './reduce';

/** `sum(x, dim, keepdim)`: dim null sums everything; int and bool inputs sum to int32. */
export const sum: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const input = x.dtype === 'bool' ? castExact(x, 'int32') : x;
  return reduceOver(input, reduceAxes(attrs, 'dim', x.rank), attrs.keepdim === true, (t, axes) => tf.sum(t, axes));
};
