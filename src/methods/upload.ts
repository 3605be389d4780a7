/**
 * Host data to a float32 tfjs tensor. Methods compute in float32 (the only float tfjs has);
 * int32 and bool views are widened on the host, which copies only the slice being uploaded.
 * (tfjs's own bool→float32 cast on the CPU backend keeps the Uint8Array, so `data()` would
 * not be a Float32Array.)
 */
import * as tf from '@tensorflow/tfjs';

import type { TensorData } from '../transport/types';

/**
 * The values of `view` as a float32 tensor of `shape`; float32 views are passed as they are.
 *
 * @example
 * uploadFloat32(new Int32Array([1, 2, 3, 4]), [2, 2]); // float32 [[1, 2], [3, 4]]
 */
export function uploadFloat32(view: TensorData, shape: number[]): tf.Tensor {
  const values = view instanceof Float32Array ? view : new Float32Array(view);
  return tf.tensor(values, shape, 'float32');
}
