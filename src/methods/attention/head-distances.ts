/**
 * How differently the heads of a layer attend: the Jensen–Shannon divergence (natural log, in
 * [0, ln 2]) between two heads' distributions over keys, averaged over query positions.
 */
import * as tf from '@tensorflow/tfjs';

const EPS = 1e-12;

/**
 * [heads, Q, K] → [heads, heads] symmetric, zero diagonal.
 *
 * @example
 * const d = headDistances(layerAttention); // d.shape = [heads, heads]
 */
export function headDistances(layer: tf.Tensor3D): tf.Tensor2D {
  const [h, q, k] = layer.shape;
  return tf.tidy(() => {
    const p = tf.div(layer, tf.maximum(tf.sum(layer, -1, true), EPS));
    // Σ p·log p per head and query: the entropy terms of both KLs.
    const plogp = tf.sum(xlogx(p), -1); // [h, q]
    const pi = tf.reshape(p, [h, 1, q, k]);
    const pj = tf.reshape(p, [1, h, q, k]);
    const m = tf.mul(tf.add(pi, pj), 0.5); // [h, h, q, k]
    // JS = ½ Σ p_i log p_i + ½ Σ p_j log p_j − Σ m log m  (since m = ½(p_i + p_j))
    const mlogm = tf.sum(xlogx(m), -1); // [h, h, q]
    const js = tf.sub(tf.mul(tf.add(tf.reshape(plogp, [h, 1, q]), tf.reshape(plogp, [1, h, q])), 0.5), mlogm);
    const mean = tf.mean(tf.relu(js), -1) as tf.Tensor2D; // rounding can dip below 0
    return tf.mul(mean, tf.sub(1, tf.eye(h))) as tf.Tensor2D;
  });
}

/** x·log x with 0·log 0 = 0. */
function xlogx(x: tf.Tensor): tf.Tensor {
  return tf.mul(x, tf.log(tf.maximum(x, EPS)));
}

/**
 * Every layer's head distances, one layer at a time so memory stays at heads² × Q × K floats.
 * [layers, heads, Q, K] → [layers, heads, heads].
 */
export function layerHeadDistances(attention: tf.Tensor4D): tf.Tensor3D {
  const [layers, h, q, k] = attention.shape;
  const out: tf.Tensor2D[] = [];
  try {
    for (let l = 0; l < layers; l++) {
      out.push(tf.tidy(() => headDistances(tf.squeeze(tf.slice(attention, [l, 0, 0, 0], [1, h, q, k]), [0]) as tf.Tensor3D)));
    }
    return tf.stack(out) as tf.Tensor3D;
  } finally {
    tf.dispose(out);
  }
}
