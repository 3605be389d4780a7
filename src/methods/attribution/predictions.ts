/**
 * What a model predicts for each example: its first output, as probabilities when it is a
 * [N, classes] score vector (softmax, as a classifier's logits are read), and the top-k.
 */
import * as tf from '@tensorflow/tfjs';

export interface Prediction {
  /** Class indices, best first. */
  classes: number[];
  /** Their probabilities (softmax of the scores), or the raw scores when `probabilities` is false. */
  scores: number[];
}

export interface Predictions {
  /** Per example. */
  top: Prediction[];
  /** [N, classes] probabilities, row-major (host copy), for suggestions and completeness displays. */
  probabilities: Float32Array;
  classes: number;
  /** Whether the scores went through a softmax (rank-2 outputs with more than one class). */
  softmax: boolean;
}

/**
 * @example
 * const p = await predictions(run.outputs[0], 5);
 * p.top[0].classes; // [207, 208, 160, 215, 217]
 */
export async function predictions(output: tf.Tensor, k: number): Promise<Predictions> {
  if (output.rank !== 2) {
    return { top: Array.from({ length: output.shape[0] }, () => ({ classes: [], scores: [] })), probabilities: new Float32Array(0), classes: 0, softmax: false };
  }
  const classes = output.shape[1] as number;
  const soft = classes > 1;
  const probs = soft ? tf.softmax(output) : output.clone();
  const kk = Math.min(Math.max(1, k), classes);
  const { values, indices } = tf.topk(probs, kk);
  try {
    const [v, i, all] = await Promise.all([values.data(), indices.data(), probs.data()]);
    const top = Array.from({ length: output.shape[0] }, (_, n) => ({
      classes: Array.from(i.subarray(n * kk, (n + 1) * kk)),
      scores: Array.from(v.subarray(n * kk, (n + 1) * kk))
    }));
    return { top, probabilities: Float32Array.from(all as Float32Array), classes, softmax: soft };
  } finally {
    tf.dispose([probs, values, indices]);
  }
}
