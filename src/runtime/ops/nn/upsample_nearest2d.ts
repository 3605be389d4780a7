import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { gatherAxis } from './layout';
import { upsampleSizes } from './upsample_util';

/** PyTorch's nearest_idx: source = min(floor(dst · (in/out)), in − 1), in float32 as its CPU kernel. */
function nearestIndices(size: number, out: number): number[] {
  const scale = Math.fround(size / out);
  return Array.from({ length: out }, (_, o) => {
    if (out === size) return o;
    if (out === 2 * size) return o >> 1;
    return Math.min(Math.floor(Math.fround(o * scale)), size - 1);
  });
}

/** `upsample_nearest2d(x)` to `size` [H, W]: PyTorch's 'nearest' (not 'nearest-exact') interpolation. */
export const upsampleNearest2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const outs = upsampleSizes(x, attrs);
  let y: tf.Tensor = x;
  outs.forEach((out, i) => {
    const axis = x.rank - 2 + i;
    const size = x.shape[axis];
    if (out === size) return;
    const indices = nearestIndices(size, out);
    const factor = out / size;
    if (Number.isInteger(factor) && indices.every((v, o) => v === Math.floor(o / factor))) {
      // Whole-factor upsampling repeats each element: a broadcasting multiply by ones is cheaper
      // than a gather and its scatter gradient (tf.tile/broadcastTo lack gradients above rank 4).
      const expanded = tf.expandDims(y, axis + 1);
      const repeated = expanded.shape.map((d, j) => (j === axis + 1 ? factor : d));
      const shape = y.shape.slice();
      shape[axis] = out;
      y = tf.reshape(tf.mul(expanded, tf.ones(repeated)), shape);
    } else {
      y = gatherAxis(y, axis, indices);
    }
  });
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return y === x ? tf.clone(x) : y;
};
