import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

/**
 * `split(x, split_size | sizes, dim)` → list of pieces: an int split_size gives pieces of that
 * size (the last one shorter), a list (`sizes`, `split_sizes` or `split_size`) gives the pieces' sizes.
 */
export const split: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const d = normDim(intAttr(attrs, 'dim', 0), x.rank);
  const n = x.shape[d];
  const spec = attrs.sizes ?? attrs.split_sizes ?? attrs.split_size;
  let sizes: number[];
  if (typeof spec === 'number') {
    if (spec <= 0 && n > 0) throw new OpError(`split_size must be positive, got ${spec}`);
    const count = Math.max(1, Math.ceil(n / spec));
    sizes = [...Array(count).keys()].map(i => Math.min(spec, n - i * spec));
  } else if (Array.isArray(spec) && spec.every(s => typeof s === 'number')) {
    sizes = spec as number[];
    if (sizes.reduce((p, s) => p + s, 0) !== n) {
      throw new OpError(`split sizes [${sizes}] do not add up to dim ${d}'s size ${n}`);
    }
  } else {
    throw new OpError(`split needs split_size (an int or a list) or sizes, got ${JSON.stringify(spec)}`);
  }
  return tf.split(x, sizes, d);
};
