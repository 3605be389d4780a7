/**
 * Losses a landscape reads (the same definitions as python-shim/netlens/landscape/_evaluate.py):
 *   cross_entropy  Σ over examples of −log softmax(output)[label]   (+ the count of argmax = label)
 *   mse            Σ over examples of the mean of (output − target)²
 *   model          the model's own output is the loss: a scalar counts for every example of the
 *                  batch; otherwise Σ over examples of the mean of each example's values
 * Sums, not means, so batches add up; the caller divides by the number of examples.
 */
import * as tf from '@tensorflow/tfjs';

export const LOSSES = { cross_entropy: 'cross_entropy', mse: 'mse', model: 'model' } as const;
export type LossKind = (typeof LOSSES)[keyof typeof LOSSES];
export const isLossKind = (v: unknown): v is LossKind => typeof v === 'string' && v in LOSSES;

/** [summed loss, number correct] as one 2-element tensor (one read-back per grid point). */
export function lossAndCorrect(output: tf.Tensor, target: tf.Tensor | null, kind: LossKind): tf.Tensor1D {
  return tf.tidy(() => {
    const n = output.rank > 0 ? output.shape[0] : 1;
    if (kind === 'cross_entropy') {
      if (target === null) throw new Error("loss 'cross_entropy' needs targets");
      const logits = output.reshape([n, -1]);
      const labels = target.toInt().reshape([n]);
      const logp = tf.logSoftmax(logits);
      const picked = tf.sum(tf.mul(logp, tf.oneHot(labels, logits.shape[1]!)), 1);
      const correct = tf.equal(tf.argMax(logits, 1).toInt(), labels).toFloat().sum();
      return tf.stack([tf.neg(picked.sum()), correct]) as tf.Tensor1D;
    }
    if (kind === 'mse') {
      if (target === null) throw new Error("loss 'mse' needs targets");
      const diff = tf.sub(output.reshape([n, -1]), target.toFloat().reshape([n, -1]));
      return tf.stack([tf.square(diff).mean(1).sum(), tf.scalar(0)]) as tf.Tensor1D;
    }
    const total = output.rank === 0 ? tf.mul(output, n) : output.reshape([n, -1]).mean(1).sum();
    return tf.stack([total, tf.scalar(0)]) as tf.Tensor1D;
  });
}
