/**
 * sin and cos to float32 precision on every backend. GPU sin/cos are only required to be
 * accurate to 2⁻¹¹ absolute (Vulkan; SwiftShader is that coarse, ~2e-4), so these reduce x by
 * π/2 (Cody–Waite, three parts) and evaluate Cephes' sinf/cosf polynomials on [−π/4, π/4]
 * with plain multiplies and adds. Gradients follow through the polynomials.
 */
import * as tf from '@tensorflow/tfjs';

import { noGradient } from '../util';

/** π/2 in three parts: q·PIO2_1 is exact for |q| < 2¹⁶. */
const PIO2_1 = 1.5703125;
const PIO2_2 = 4.837512969970703125e-4;
const PIO2_3 = 7.54978995489188216e-8;
const TWO_OVER_PI = 0.6366197723675814;
/** Cephes sinf: sin r ≈ r + r³(S0 + r²(S1 + r²·S2)). */
const SIN = [-1.6666654611e-1, 8.3321608736e-3, -1.9515295891e-4];
/** Cephes cosf: cos r ≈ 1 − r²/2 + r⁴(C0 + r²(C1 + r²·C2)). */
const COS = [4.166664568298827e-2, -1.388731625493765e-3, 2.443315711809948e-5];

function horner(r2: tf.Tensor, coefficients: number[]): tf.Tensor {
  return coefficients
    .slice(0, -1)
    .reduceRight((acc, c) => tf.add(tf.mul(acc, r2), tf.scalar(c)), tf.scalar(coefficients[coefficients.length - 1]) as tf.Tensor);
}

/** The quadrant index q = round(x·2/π) mod 4 as masks: odd quadrant, and whether the result is negated. */
function quadrant(x: tf.Tensor, negatedIn: [number, number]): [tf.Tensor, tf.Tensor] {
  const mod4 = (t: tf.Tensor): tf.Tensor => {
    const q = tf.round(tf.mul(t, tf.scalar(TWO_OVER_PI)));
    return tf.sub(q, tf.mul(tf.floor(tf.div(q, tf.scalar(4))), tf.scalar(4)));
  };
  const odd = noGradient(t => tf.equal(tf.mod(mod4(t), tf.scalar(2)), tf.scalar(1)))(x);
  const negated = noGradient(t => {
    const n = mod4(t);
    return tf.logicalOr(tf.equal(n, tf.scalar(negatedIn[0])), tf.equal(n, tf.scalar(negatedIn[1])));
  })(x);
  return [odd, negated];
}

/** sin(x) if `cosine` is false, else cos(x), for float32 x. */
export function sinCos(x: tf.Tensor, cosine: boolean): tf.Tensor {
  const q = tf.round(tf.mul(x, tf.scalar(TWO_OVER_PI)));
  const r = [PIO2_1, PIO2_2, PIO2_3].reduce((acc, c) => tf.sub(acc, tf.mul(q, tf.scalar(c))), x);
  const r2 = tf.mul(r, r);
  const s = tf.add(r, tf.mul(tf.mul(r, r2), horner(r2, SIN)));
  const c = tf.add(tf.sub(tf.scalar(1), tf.mul(r2, tf.scalar(0.5))), tf.mul(tf.mul(r2, r2), horner(r2, COS)));
  // sin: quadrants 0..3 give s, c, −s, −c; cos: c, −s, −c, s.
  const [odd, negated] = quadrant(x, cosine ? [1, 2] : [2, 3]);
  const v = cosine ? tf.where(odd, s, c) : tf.where(odd, c, s);
  return tf.where(negated, tf.neg(v), v);
}
