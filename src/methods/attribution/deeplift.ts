/**
 * DeepLIFT with the rescale rule (Shrikumar et al. 2017, §3.3), as Captum's DeepLift: a
 * backward pass from the target where each elementwise activation's derivative is replaced by
 * the secant Δy/Δx between the input's and the baseline's runs (the ordinary derivative where
 * |Δx| < eps); every other op backpropagates as usual — max pooling too, routing multipliers to
 * each window's maximum (the DeepLIFT authors' default, MaxPoolDeepLiftMode.gradient, and what
 * Captum's DeepLift gives when an activation precedes the pool: its max-pool hook's change is
 * overwritten by the activation's rule, which reads the unmodified output gradient).
 * Attributions are (x − x') ⊙ multipliers; they sum to f(x) − f(x') (the delta says how closely).
 *
 * Unlike Captum, the rule applies to every activation op of the graph (Captum: only nn modules
 * in its list — nn.ReLU, ELU, LeakyReLU, Sigmoid, Tanh, Softplus — so GELU, SiLU or a
 * functional F.relu keep their ordinary gradient there), and a module used twice is fine.
 */
import * as tf from '@tensorflow/tfjs';

import { resolveNode, type BackwardRule, type Trace } from '../../runtime/graph';
import type { OpValue } from '../../runtime/ops';
import { makeBaseline, type Baseline } from './baselines';
import { completeness } from './integrated-gradients';
import type { ExplainedModel } from './model';
import { ACTIVATIONS } from './op-kinds';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

/** Captum's eps: below this |Δx| the ordinary derivative is used. */
export const DEEPLIFT_EPS = 1e-10;

export interface DeepLiftOptions {
  baseline?: Baseline;
  eps?: number;
}

/**
 * @example
 * const { attributions, delta } = deepLift(m, m.x, classTarget(207), { baseline: 'zeros' });
 */
export function deepLift(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: DeepLiftOptions = {}): Attribution {
  const eps = options.eps ?? DEEPLIFT_EPS;
  const baseline = makeBaseline(x, options.baseline);
  const tx = m.trace(x);
  const tb = m.trace(baseline);
  try {
    const multipliers = m.backward(tx, target, rescaleRule(tb, eps));
    const attributions = tf.tidy(() => tf.mul(tf.sub(x, baseline), multipliers));
    multipliers.dispose();
    const { delta, scores } = completeness(m, x, baseline, attributions, target);
    return { attributions, delta, scores };
  } finally {
    tx.dispose();
    tb.dispose();
    baseline.dispose();
  }
}

function rescaleRule(ref: Trace, eps: number): BackwardRule {
  return ctx => {
    if (!ACTIVATIONS.has(ctx.node.op)) return undefined;
    const cot = ctx.cotangent as tf.Tensor;
    const xIn = ctx.args[0] as tf.Tensor;
    const refArgs = resolveNode(ctx.node, ref.env as Map<string, OpValue>).args;
    const rIn = refArgs[0] as tf.Tensor;
    const y = ctx.value as tf.Tensor;
    const rOut = ref.env.get(ctx.node.name) as tf.Tensor;
    const dx = tf.sub(xIn, rIn);
    const small = tf.less(tf.abs(dx), eps);
    const ordinary = ctx.vjp()[0] as tf.Tensor;
    const rescaled = tf.div(tf.mul(cot, tf.sub(y, rOut)), dx);
    // where() evaluates both sides: keep the division finite where it is not taken.
    const safe = tf.where(small, tf.zerosLike(rescaled), rescaled);
    return [tf.where(small, ordinary, safe), ...ctx.args.slice(1).map(() => null)];
  };
}
