/**
 * Saliency (Simonyan et al. 2014): ∂f/∂x, by default its absolute value (as Captum's Saliency).
 */
import * as tf from '@tensorflow/tfjs';

import type { ExplainedModel } from './model';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

export interface SaliencyOptions {
  /** |∂f/∂x| (default, Captum's `abs=True`) or the signed gradient. */
  abs?: boolean;
}

/**
 * @example
 * const { attributions } = saliency(m, m.x, classTarget(207));
 */
export function saliency(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: SaliencyOptions = {}): Attribution {
  const { scores, grad } = m.gradient(x, target);
  if (options.abs === false) return { attributions: grad, scores };
  const attributions = tf.abs(grad);
  grad.dispose();
  return { attributions, scores };
}
