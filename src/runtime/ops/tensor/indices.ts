/** Index-tensor arithmetic shared by index, gather and index_select. */
import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import { noGradient } from '../util';

/** `idx` as int32 with negative entries counted from the end of a dim of size n (PyTorch's wrap-around). */
export function wrapIndex(idx: tf.Tensor, n: number): tf.Tensor {
  if (idx.dtype === 'float32') throw new OpError('index tensors must be int or bool, got float32');
  return noGradient(i => {
    const int = tf.cast(i, 'int32');
    return tf.where(tf.less(int, tf.scalar(0, 'int32')), tf.add(int, tf.scalar(n, 'int32')), int);
  })(idx);
}

/** Row-major strides of a shape. */
export function stridesOf(shape: number[]): number[] {
  const strides = shape.map(() => 1);
  for (let i = shape.length - 2; i >= 0; i--) strides[i] = strides[i + 1] * shape[i + 1];
  return strides;
}

/** Σ idx_k · stride_k as one int32 tensor (broadcasting the index tensors). */
export function linearIndex(idx: tf.Tensor[], strides: number[]): tf.Tensor {
  return idx
    .map((t, k) => (strides[k] === 1 ? t : tf.mul(t, tf.scalar(strides[k], 'int32'))))
    .reduce((acc, t) => tf.add(acc, t));
}
