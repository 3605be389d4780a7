import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intsAttr, tensorArg } from '../util';

/**
 * `pad(x, pad, mode, value)`, constant mode: pad lists (before, after) pairs from the last dim
 * backwards, as F.pad; negative amounts crop.
 */
export const pad: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const mode = attrs.mode ?? 'constant';
  if (mode !== 'constant') {
    throw new OpError(`pad mode "${String(mode)}" is not supported (only "constant"); use compute="kernel" for this model`);
  }
  const amounts = intsAttr(attrs, 'pad');
  if (amounts.length % 2 !== 0 || amounts.length / 2 > x.rank) {
    throw new OpError(`pad needs (before, after) pairs for at most ${x.rank} dims, got [${amounts}]`);
  }
  const pairs: [number, number][] = x.shape.map(() => [0, 0]);
  for (let k = 0; k < amounts.length / 2; k++) pairs[x.rank - 1 - k] = [amounts[2 * k], amounts[2 * k + 1]];
  // Negative amounts crop first; tf.pad only grows.
  const begin = pairs.map(([b]) => Math.max(-b, 0));
  const size = x.shape.map((n, i) => n - begin[i] - Math.max(-pairs[i][1], 0));
  if (size.some(n => n < 0)) throw new OpError(`pad [${amounts}] crops more than x's shape [${x.shape}]`);
  const cropped = begin.some(b => b > 0) || size.some((n, i) => n !== x.shape[i]) ? tf.slice(x, begin, size) : x;
  const grow = pairs.map(([b, a]) => [Math.max(b, 0), Math.max(a, 0)] as [number, number]);
  const value = typeof attrs.value === 'number' ? attrs.value : attrs.value === true ? 1 : 0;
  return tf.pad(cropped, grow, value);
};
