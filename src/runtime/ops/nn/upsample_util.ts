/**
 * The `size` attribute shared by the upsample_* lowerings.
 */
import type * as tf from '@tensorflow/tfjs';

import { AttrValue, OpError } from '../types';
import { intsAttr } from '../util';

/** Output [H, W] of an upsample over the last two axes of x. */
export function upsampleSizes(x: tf.Tensor, attrs: Record<string, AttrValue>): number[] {
  const size = intsAttr(attrs, 'size', 2);
  if (size.length !== 2 || size.some(v => !Number.isInteger(v) || v < 1) || x.rank < 3) {
    throw new OpError(
      `upsampling needs size [H, W] of positive ints and an input of rank ≥ 3, ` +
        `got ${JSON.stringify(attrs.size)} for shape [${x.shape}]`
    );
  }
  return size;
}
