/**
 * Guided backpropagation (Springenberg et al. 2015) and the deconvnet (Zeiler & Fergus 2014):
 * ordinary backpropagation except at ReLUs, whose backward becomes
 *   guided:    relu(g) ⊙ [x > 0]   (only positive signal, only where the unit was on);
 *   deconvnet: relu(g)             (only positive signal, whatever the unit did).
 * As Captum's GuidedBackprop / Deconvolution, but applied to every ReLU of the graph (Captum
 * hooks nn.ReLU modules only, so a functional F.relu keeps its ordinary gradient there).
 */
import * as tf from '@tensorflow/tfjs';

import type { BackwardRule } from '../../runtime/graph';
import type { ExplainedModel } from './model';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

const RELU_OPS: ReadonlySet<string> = new Set(['relu']);

const guidedRule: BackwardRule = ctx => {
  if (!RELU_OPS.has(ctx.node.op)) return undefined;
  const x = ctx.args[0] as tf.Tensor;
  return [tf.mul(tf.relu(ctx.cotangent as tf.Tensor), tf.step(x))];
};

const deconvRule: BackwardRule = ctx => (RELU_OPS.has(ctx.node.op) ? [tf.relu(ctx.cotangent as tf.Tensor)] : undefined);

/**
 * @example
 * const { attributions } = guidedBackprop(m, m.x, classTarget(207));
 */
export function guidedBackprop(m: ExplainedModel, x: tf.Tensor, target: TargetSpec): Attribution {
  return modifiedGradient(m, x, target, guidedRule);
}

/** Deconvnet: see the file comment. */
export function deconvolution(m: ExplainedModel, x: tf.Tensor, target: TargetSpec): Attribution {
  return modifiedGradient(m, x, target, deconvRule);
}

function modifiedGradient(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, rule: BackwardRule): Attribution {
  const trace = m.trace(x);
  try {
    return { attributions: m.backward(trace, target, rule) };
  } finally {
    trace.dispose();
  }
}
