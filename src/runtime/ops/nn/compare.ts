/**
 * Strict comparisons usable on a gradient path. tfjs registers no gradient for Greater/Less, and
 * tf.grad refuses any op between x and the loss without one, so a where() mask computed from a
 * differentiated x is built from step(), whose gradient is zero.
 */
import * as tf from '@tensorflow/tfjs';

/** x > t, elementwise (bool). */
export function greaterThan(x: tf.Tensor, t: number): tf.Tensor {
  return tf.cast(tf.step(tf.sub(x, t)), 'bool');
}

/** x < t, elementwise (bool). */
export function lessThan(x: tf.Tensor, t: number): tf.Tensor {
  return tf.cast(tf.step(tf.sub(t, x)), 'bool');
}
