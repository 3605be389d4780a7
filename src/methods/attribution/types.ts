/** What every attribution method returns. */
import type * as tf from '@tensorflow/tfjs';

export interface Attribution {
  /** Shaped like x (Grad-CAM: [B, 1, …spatial] of its layer, or upsampled to x when asked). */
  attributions: tf.Tensor;
  /**
   * Completeness check where the method promises one, per example: Σ attributions − (f(x) − f(x'))
   * for integrated gradients and DeepLIFT (Captum's convergence delta), f(x) − Σ relevances for LRP.
   */
  delta?: tf.Tensor1D;
  /** f(x) per example (the target scalar), when the method computed it anyway. */
  scores?: tf.Tensor1D;
}

/** Frees everything an Attribution holds. */
export function disposeAttribution(a: Attribution): void {
  a.attributions.dispose();
  a.delta?.dispose();
  a.scores?.dispose();
}
