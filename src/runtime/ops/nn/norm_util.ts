/**
 * The standardization shared by layer_norm and group_norm: (x − mean) / √(var + eps) with the
 * biased variance over `axes`, as PyTorch.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * @example
 * standardize(x, [2], 1e-5); // normalize the last axis of a rank-3 tensor
 */
export function standardize(x: tf.Tensor, axes: number[], eps: number): tf.Tensor {
  const centered = tf.sub(x, tf.mean(x, axes, true));
  const variance = tf.mean(tf.square(centered), axes, true);
  return tf.mul(centered, tf.rsqrt(tf.add(variance, eps)));
}

/** x · weight + bias with either absent. */
export function affine(x: tf.Tensor, weight: tf.Tensor | null, bias: tf.Tensor | null): tf.Tensor {
  const scaled = weight === null ? x : tf.mul(x, weight);
  return bias === null ? scaled : tf.add(scaled, bias);
}
