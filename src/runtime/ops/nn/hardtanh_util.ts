/**
 * Hardtanh's clamp, shared by hardtanh and relu6. Unlike tf.clipByValue (and torch.clamp),
 * PyTorch's hardtanh passes no gradient at the bounds themselves, so the bounds are selected
 * with tf.where on strict comparisons.
 */
import * as tf from '@tensorflow/tfjs';

import { greaterThan, lessThan } from './compare';

/** x clamped to [min, max] (null: unbounded), gradient 1 strictly inside. */
export function hardtanhClamp(x: tf.Tensor, min: number | null, max: number | null): tf.Tensor {
  let y = x;
  if (min !== null) y = tf.where(greaterThan(x, min), y, tf.scalar(min));
  if (max !== null) y = tf.where(lessThan(x, max), y, tf.scalar(max));
  return y === x ? tf.clone(x) : y;
}
