import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { alongAxis, gatherAxis } from './layout';
import { upsampleSizes } from './upsample_util';

interface LinearTaps {
  lo: number[];
  hi: number[];
  /** Weight of `hi`; `lo` gets 1 − it. */
  frac: number[];
}

/** PyTorch's source indices and weights for linear interpolation along one axis, in float32 as its CPU kernel. */
function linearTaps(size: number, out: number, alignCorners: boolean): LinearTaps {
  const f = Math.fround;
  const scale = alignCorners ? (out > 1 ? f((size - 1) / (out - 1)) : 0) : f(size / out);
  const taps: LinearTaps = { lo: [], hi: [], frac: [] };
  for (let o = 0; o < out; o++) {
    const src = alignCorners ? f(scale * o) : Math.max(f(f(scale * (o + 0.5)) - 0.5), 0);
    const lo = Math.min(Math.floor(src), size - 1);
    taps.lo.push(lo);
    taps.hi.push(lo < size - 1 ? lo + 1 : lo);
    taps.frac.push(Math.min(Math.max(f(src - lo), 0), 1));
  }
  return taps;
}

/** `upsample_bilinear2d(x)` to `size` [H, W], with PyTorch's align_corners rule; separable, one axis at a time. */
export const upsampleBilinear2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const outs = upsampleSizes(x, attrs);
  const alignCorners = attrs.align_corners === true;
  let y: tf.Tensor = x;
  outs.forEach((out, i) => {
    const axis = x.rank - 2 + i;
    const { lo, hi, frac } = linearTaps(x.shape[axis], out, alignCorners);
    if (frac.every(v => v === 0) && lo.every((v, o) => v === o) && out === x.shape[axis]) return;
    const low = tf.mul(gatherAxis(y, axis, lo), alongAxis(frac.map(v => 1 - v), axis, x.rank));
    y = tf.add(low, tf.mul(gatherAxis(y, axis, hi), alongAxis(frac, axis, x.rank)));
  });
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return y === x ? tf.clone(x) : y;
};
