/**
 * Gradient × input (Shrikumar et al. 2016): x ⊙ ∂f/∂x (Captum's InputXGradient).
 */
import * as tf from '@tensorflow/tfjs';

import type { ExplainedModel } from './model';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

/**
 * @example
 * const { attributions } = inputXGradient(m, m.x, classTarget(3));
 */
export function inputXGradient(m: ExplainedModel, x: tf.Tensor, target: TargetSpec): Attribution {
  const { scores, grad } = m.gradient(x, target);
  const attributions = tf.mul(x, grad);
  grad.dispose();
  return { attributions, scores };
}
