/**
 * Attention rollout (Abnar & Zuidema 2020, "Quantifying Attention Flow in Transformers", §3):
 * heads averaged, the identity added for the residual stream, rows renormalized,
 * Ã_l = 0.5·mean_h(A_l) + 0.5·I and R_l = Ã_l · R_{l−1}.
 */
import * as tf from '@tensorflow/tfjs';

export interface RolloutOptions {
  /** Add the identity for the residual connection (default true). */
  residual?: boolean;
}

/**
 * [layers, heads, T, T] → [layers, T, T]: the rollout up to and including each layer.
 *
 * @example
 * const r = attentionRollout(tf.fill([2, 3, 4, 4], 0.25) as tf.Tensor4D); // r.shape = [2, 4, 4]
 */
export function attentionRollout(attention: tf.Tensor4D, options: RolloutOptions = {}): tf.Tensor3D {
  const [layers, , q, k] = attention.shape;
  if (q !== k) {
    throw new Error(`attention rollout needs self-attention (queries = keys); got ${q} queries and ${k} keys`);
  }
  return tf.tidy(() => {
    let a = tf.mean(attention, 1) as tf.Tensor3D;
    if (options.residual ?? true) {
      a = tf.add(tf.mul(a, 0.5), tf.mul(tf.eye(q), 0.5));
    }
    a = tf.div(a, tf.maximum(tf.sum(a, -1, true), 1e-12));
    const out: tf.Tensor2D[] = [];
    let acc = tf.eye(q) as tf.Tensor2D;
    for (let l = 0; l < layers; l++) {
      const layer = tf.squeeze(tf.slice(a, [l, 0, 0], [1, q, q]), [0]) as tf.Tensor2D;
      acc = tf.matMul(layer, acc);
      out.push(acc);
    }
    return tf.stack(out) as tf.Tensor3D;
  });
}
