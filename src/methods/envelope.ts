/**
 * min / mean / max of a long vector in equal buckets, computed on the tfjs backend:
 * a million-element bias or activation vector becomes a few thousand rows to draw.
 */
import * as tf from '@tensorflow/tfjs';
import type { TensorData } from '../transport/types';

export interface Envelope {
  /** Elements per bucket (1 = not bucketed). */
  bucket: number;
  start: Int32Array;
  end: Int32Array;
  min: Float32Array;
  mean: Float32Array;
  max: Float32Array;
}

/**
 * @example
 * const env = await envelope(new Float32Array([1, 2, 3, 4, 5]), 2); // buckets [1,2,3] [4,5]
 * env.mean // Float32Array [2, 4.5]
 */
export async function envelope(data: TensorData, maxBuckets: number): Promise<Envelope> {
  const n = data.length;
  const bucket = Math.max(1, Math.ceil(n / Math.max(1, maxBuckets)));
  const buckets = Math.ceil(n / bucket);
  const padded = buckets * bucket;
  const [mins, means, maxs] = tf.tidy(() => {
    const x = tf.tensor1d(data as Float32Array, data instanceof Int32Array ? 'int32' : 'float32').toFloat();
    // Pad with the last value: leaves min and max unchanged; the mean divides by true counts.
    const last = n > 0 ? x.slice(n - 1, 1) : tf.zeros([1]);
    const xp = padded > n ? tf.concat([x, tf.tile(last, [padded - n])]) : x;
    const m = xp.reshape([buckets, bucket]);
    const valid = tf.concat([tf.ones([n]), tf.zeros([padded - n])]).reshape([buckets, bucket]);
    const sums = tf.sum(tf.mul(m, valid), 1);
    const counts = tf.sum(valid, 1);
    return [tf.min(m, 1), tf.div(sums, counts), tf.max(m, 1)];
  });
  try {
    const [mn, me, mx] = await Promise.all([mins.data(), means.data(), maxs.data()]);
    const start = new Int32Array(buckets);
    const end = new Int32Array(buckets);
    for (let b = 0; b < buckets; b++) {
      start[b] = b * bucket;
      end[b] = Math.min(n, (b + 1) * bucket) - 1;
    }
    return {
      bucket,
      start,
      end,
      min: Float32Array.from(mn),
      mean: Float32Array.from(me),
      max: Float32Array.from(mx)
    };
  } finally {
    tf.dispose([mins, means, maxs]);
  }
}
