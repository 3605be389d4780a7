import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { normDim, tensorArg } from '../util';
import { intListAttr } from './shape';

/** `squeeze(x, dims)`: drops the listed dims that have size 1 (others stay); dims null = all size-1 dims. */
export const squeeze: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const dims = attrs.dims ?? attrs.dim ?? null;
  const named = dims === null ? null : intListAttr({ dims }, 'dims').map(d => normDim(d, x.rank));
  const drop = (n: number, i: number): boolean => n === 1 && (named === null || named.includes(i));
  return tf.reshape(x, x.shape.filter((n, i) => !drop(n, i)));
};
