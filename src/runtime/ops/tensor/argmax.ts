import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { castExact, normDim, tensorArg, transposeExact } from '../util';

/** `argmax(x, dim, keepdim)` → int32 index of the first maximum; dim null = over the flattened x. */
export const argmax: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const keepdim = attrs.keepdim === true;
  const input = x.dtype === 'bool' ? castExact(x, 'int32') : x;
  if (attrs.dim === null || attrs.dim === undefined || x.rank === 0) {
    const flat = argmaxAlong(tf.reshape(input, [-1]), 0);
    return keepdim ? tf.reshape(flat, x.shape.map(() => 1)) : flat;
  }
  const d = normDim(attrs.dim as number, x.rank);
  const indices = argmaxAlong(input, d);
  return keepdim ? tf.expandDims(indices, d) : indices;
};

/**
 * tf.argMax along axis d, shaped as x without d. Int32 x goes innermost first (tf.argMax would
 * transpose it, which WebGPU miscompiles); the reshape is because tfjs-backend-webgpu returns
 * shape [1] instead of [] for a 1-D input.
 */
export function argmaxAlong(x: tf.Tensor, d: number): tf.Tensor {
  const shape = x.shape.filter((_, i) => i !== d);
  if (x.dtype === 'float32' || x.rank < 3 || d === x.rank - 1) return tf.reshape(tf.argMax(x, d), shape);
  const perm = [...[...Array(x.rank).keys()].filter(i => i !== d), d];
  return tf.reshape(tf.argMax(transposeExact(x, perm), -1), shape);
}
