/**
 * Layer-wise relevance propagation (Bach et al. 2015; rules as in Montavon et al. 2019, "Layer-
 * wise relevance propagation: an overview"). Relevance starts as the target's value and flows
 * back layer by layer, conserved up to what biases and ε absorb:
 *
 *   ε-rule (any layer):   R_i = x_i · Σ_j w_ij R_j / (z_j + ε·sign(z_j))       (Captum's EpsilonRule)
 *   γ-rule (weights):     the same with w + γ·w⁺ in place of w                   (Captum's GammaRule)
 *   αβ-rule (weights):    R_i = Σ_j (α (x_i w_ij)⁺ / z_j⁺ − β (x_i w_ij)⁻ / z_j⁻) R_j, biases ignored
 *                         (for x ≥ 0 and α=1, β=0: Captum's Alpha1_Beta0_Rule(set_bias_to_zero=True))
 *
 * The ε-rule of an op that is linear in its input (pooling, sums, reshapes, residual additions)
 * is x ⊙ VJP(R / z): each input gets its share of the output it made. Activations pass relevance
 * through unchanged. An eval-mode BatchNorm right after a Linear/Conv is folded into it first, so
 * the pair is one layer (for the ε-rule this is what applying ε to both gives; for γ and αβ it is
 * the usual practice). Ops with no sound rule here (attention, recurrences, layer norms, products
 * of two activations) stop with an error naming the op and module.
 */
import * as tf from '@tensorflow/tfjs';

import type { BackwardRule, CompiledGraph, Cotangent, RuleContext } from '../../runtime/graph';
import type { IRNode } from '../../runtime/graph/ir';
import type { OpValue } from '../../runtime/ops';
import { AttributionError } from './errors';
import * as msg from './messages';
import type { ExplainedModel } from './model';
import { BILINEAR, BN_FOLDABLE, LRP_PASS, LRP_UNSUPPORTED, LRP_WEIGHTED } from './op-kinds';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

export type LrpRule =
  | { rule: 'epsilon'; epsilon?: number }
  | { rule: 'gamma'; gamma?: number }
  | { rule: 'alphabeta'; alpha: number; beta: number };
/** A rule or its short name: "epsilon", "gamma", "alpha1beta0", "alpha2beta1". */
export type LrpRuleSpec = LrpRule | 'epsilon' | 'gamma' | 'alpha1beta0' | 'alpha2beta1';

/** Captum's defaults: ε = 1e-9 (EpsilonRule), γ = 0.25 (GammaRule). */
export const DEFAULT_LRP_EPSILON = 1e-9;
export const DEFAULT_LRP_GAMMA = 0.25;

export interface LrpOptions {
  /** The rule for layers with weights that `layerRules` does not name (default ε). */
  rule?: LrpRuleSpec;
  /** Rules by module path; a path also covers the modules inside it (the longest match wins). */
  layerRules?: Readonly<Record<string, LrpRuleSpec>>;
  /** ε of the stabilizer for layers without weights and for ε-rule layers given by name (default 1e-9). */
  epsilon?: number;
}

/** A rule spec spelled out; throws on an unknown one. */
export function normalizeLrpRule(spec: LrpRuleSpec, epsilon = DEFAULT_LRP_EPSILON): LrpRule {
  if (spec === 'epsilon') return { rule: 'epsilon', epsilon };
  if (spec === 'gamma') return { rule: 'gamma', gamma: DEFAULT_LRP_GAMMA };
  if (spec === 'alpha1beta0') return { rule: 'alphabeta', alpha: 1, beta: 0 };
  if (spec === 'alpha2beta1') return { rule: 'alphabeta', alpha: 2, beta: 1 };
  if (typeof spec === 'object' && spec !== null) {
    if (spec.rule === 'epsilon' && (spec.epsilon === undefined || spec.epsilon >= 0)) return { rule: 'epsilon', epsilon: spec.epsilon ?? epsilon };
    if (spec.rule === 'gamma' && (spec.gamma === undefined || spec.gamma >= 0)) return { rule: 'gamma', gamma: spec.gamma ?? DEFAULT_LRP_GAMMA };
    if (spec.rule === 'alphabeta' && spec.alpha - spec.beta === 1 && spec.beta >= 0) return spec;
  }
  throw new AttributionError(msg.lrpBadRule(spec));
}

/**
 * @example
 * const { attributions, delta } = lrp(m, m.x, classTarget(207), { rule: 'epsilon', layerRules: { 'features.0': 'epsilon', features: 'alpha1beta0' } });
 */
export function lrp(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: LrpOptions = {}): Attribution {
  const plan = planLrp(m.graph, m.at, options);
  const trace = m.trace(x);
  try {
    const relevance = m.backward(trace, target, plan, { seedWithValues: true });
    const scores = m.scores(x, target);
    const delta = tf.tidy(() => {
      const axes = Array.from({ length: relevance.rank - 1 }, (_, i) => i + 1);
      return tf.sub(scores, tf.sum(relevance, axes)) as tf.Tensor1D;
    });
    return { attributions: relevance, delta, scores };
  } finally {
    trace.dispose();
  }
}

/** The backward rule for a graph: checks every op downstream of `at` first, so errors come before work. */
function planLrp(graph: CompiledGraph, at: string, options: LrpOptions): BackwardRule {
  const epsilon = options.epsilon ?? DEFAULT_LRP_EPSILON;
  const fallback = normalizeLrpRule(options.rule ?? 'epsilon', epsilon);
  const named = Object.entries(options.layerRules ?? {}).map(([path, spec]) => [path, normalizeLrpRule(spec, epsilon)] as const);
  const ruleFor = (module: string): LrpRule => {
    let best: LrpRule = fallback;
    let length = -1;
    for (const [path, rule] of named) {
      const covers = path === module || path === '' || module.startsWith(path + '.');
      if (covers && path.length > length) {
        best = rule;
        length = path.length;
      }
    }
    return best;
  };
  const folds = foldedPairs(graph);
  checkOps(graph, at);
  return ctx => {
    const { node } = ctx;
    if (LRP_PASS.has(node.op)) return passThrough(ctx);
    if (node.op === 'batch_norm' && folds.byNorm.has(node.name)) return passThrough(ctx);
    if (LRP_WEIGHTED.has(node.op)) {
      const norm = folds.byLayer.get(node.name);
      const params = norm ? foldBatchNorm(ctx, norm, graph) : { weight: ctx.args[1] as tf.Tensor, bias: (ctx.args[2] as tf.Tensor | null) ?? null };
      return weightedRule(ctx, params.weight, params.bias, ruleFor(node.module));
    }
    return epsilonRule(ctx, epsilon);
  };
}

/** Relevance passes unchanged to the first argument. */
function passThrough(ctx: RuleContext): Cotangent[] {
  return [ctx.cotangent as tf.Tensor, ...ctx.args.slice(1).map(() => null)];
}

/** z + ε·sign(z), with sign(0) = 1 (Captum's stabilizer). */
function stabilize(z: tf.Tensor, epsilon: number): tf.Tensor {
  return tf.add(z, tf.mul(tf.where(tf.less(z, 0), tf.fill(z.shape, -1), tf.onesLike(z)), epsilon));
}

/** ε-rule for an op linear in its reached arguments: each gets a ⊙ VJP(R / z). */
function epsilonRule(ctx: RuleContext, epsilon: number): Cotangent[] {
  const s = divideByOutput(ctx.cotangent, ctx.value, epsilon);
  const c = ctx.vjp(s);
  return ctx.args.map((a, k) => (ctx.reached[k] ? times(a, c[k] ?? null) : null));
}

function divideByOutput(cot: Cotangent, z: OpValue, epsilon: number): Cotangent {
  if (cot === null) return null;
  if (cot instanceof tf.Tensor && z instanceof tf.Tensor) return tf.div(cot, stabilize(z, epsilon));
  if (Array.isArray(cot) && Array.isArray(z)) return cot.map((c, i) => divideByOutput(c, z[i], epsilon));
  return null;
}

function times(a: OpValue, c: Cotangent): Cotangent {
  if (c === null) return null;
  if (a instanceof tf.Tensor && c instanceof tf.Tensor) return tf.mul(a, c);
  if (Array.isArray(a) && Array.isArray(c)) return a.map((x, i) => times(x, c[i] ?? null));
  return null;
}

/** ε, γ or αβ for linear/conv layers with the given (possibly folded) weight and bias. */
function weightedRule(ctx: RuleContext, weight: tf.Tensor, bias: tf.Tensor | null, rule: LrpRule): Cotangent[] {
  const x = ctx.args[0] as tf.Tensor;
  const R = ctx.cotangent as tf.Tensor;
  const run = (input: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null): tf.Tensor => {
    const args = ctx.args.slice();
    args[0] = input;
    args[1] = w;
    args[2] = b;
    return ctx.lowering(args, ctx.attrs, { name: ctx.node.name, op: ctx.node.op, module: ctx.node.module }) as tf.Tensor;
  };
  const share = (input: tf.Tensor, w: tf.Tensor, b: tf.Tensor | null, s: tf.Tensor): tf.Tensor => {
    const args = ctx.args.slice();
    args[0] = input;
    args[1] = w;
    args[2] = b;
    return ctx.vjp(s, args)[0] as tf.Tensor;
  };
  const rest = ctx.args.slice(1).map(() => null);
  if (rule.rule === 'epsilon' || rule.rule === 'gamma') {
    const w = rule.rule === 'gamma' ? tf.add(weight, tf.mul(tf.relu(weight), rule.gamma ?? DEFAULT_LRP_GAMMA)) : weight;
    const z = run(x, w, bias);
    const s = tf.div(R, stabilize(z, rule.rule === 'epsilon' ? rule.epsilon ?? DEFAULT_LRP_EPSILON : DEFAULT_LRP_EPSILON));
    return [tf.mul(x, share(x, w, bias, s)), ...rest];
  }
  const xp = tf.relu(x);
  const xn = tf.neg(tf.relu(tf.neg(x)));
  const wp = tf.relu(weight);
  const wn = tf.neg(tf.relu(tf.neg(weight)));
  // z⁺ = Σ (x w)⁺ = x⁺w⁺ + x⁻w⁻; z⁻ = x⁺w⁻ + x⁻w⁺ (biases ignored).
  const zp = tf.add(run(xp, wp, null), run(xn, wn, null));
  const zn = tf.add(run(xp, wn, null), run(xn, wp, null));
  const sp = tf.div(R, tf.add(zp, DEFAULT_LRP_EPSILON));
  const sn = tf.div(R, tf.sub(zn, DEFAULT_LRP_EPSILON));
  const positive = tf.add(tf.mul(xp, share(xp, wp, null, sp)), tf.mul(xn, share(xn, wn, null, sp)));
  let relevance = tf.mul(positive, rule.alpha);
  if (rule.beta !== 0) {
    const negative = tf.add(tf.mul(xp, share(xp, wn, null, sn)), tf.mul(xn, share(xn, wp, null, sn)));
    relevance = tf.sub(relevance, tf.mul(negative, rule.beta));
  }
  return [relevance, ...rest];
}

/** Linear/Conv layers followed directly (and only) by an eval-mode BatchNorm. */
function foldedPairs(graph: CompiledGraph): { byLayer: Map<string, IRNode>; byNorm: Set<string> } {
  const consumers = new Map<string, number>();
  for (const n of graph.ir.nodes) for (const r of new Set(refOf(n))) consumers.set(r, (consumers.get(r) ?? 0) + 1);
  graph.ir.outputs.forEach(r => consumers.set(r, (consumers.get(r) ?? 0) + 1));
  const byName = new Map(graph.ir.nodes.map(n => [n.name, n]));
  const weightNames = new Set(graph.ir.weights.map(w => w.name));
  const byLayer = new Map<string, IRNode>();
  const byNorm = new Set<string>();
  for (const n of graph.ir.nodes) {
    if (n.op !== 'batch_norm' || typeof n.inputs[0] !== 'string') continue;
    const layer = byName.get(n.inputs[0]);
    const paramsAreWeights = n.inputs.slice(1).every(a => a === null || (typeof a === 'string' && weightNames.has(a)));
    if (layer && BN_FOLDABLE.has(layer.op) && consumers.get(layer.name) === 1 && paramsAreWeights) {
      byLayer.set(layer.name, n);
      byNorm.add(n.name);
    }
  }
  return { byLayer, byNorm };
}

function refOf(n: IRNode): string[] {
  const out: string[] = [];
  const walk = (a: unknown): void => {
    if (typeof a === 'string') out.push(a);
    else if (Array.isArray(a)) a.forEach(walk);
  };
  n.inputs.forEach(walk);
  return out;
}

/** W' = W · a, b' = (b − μ) · a + β with a = γ / √(σ² + eps), per output channel (axis 0). */
function foldBatchNorm(ctx: RuleContext, norm: IRNode, graph: CompiledGraph): { weight: tf.Tensor; bias: tf.Tensor } {
  const get = (i: number): tf.Tensor | null => (typeof norm.inputs[i] === 'string' ? graph.weight(norm.inputs[i] as string) : null);
  const [gamma, beta, mean, variance] = [get(1), get(2), get(3), get(4)];
  const eps = Number((norm.attrs ?? {}).eps ?? 1e-5);
  const weight = ctx.args[1] as tf.Tensor;
  const bias = (ctx.args[2] as tf.Tensor | null) ?? tf.zeros([weight.shape[0]]);
  const a = tf.div(gamma ?? tf.onesLike(mean!), tf.sqrt(tf.add(variance!, eps)));
  const w = tf.mul(weight, tf.reshape(a, [weight.shape[0], ...weight.shape.slice(1).map(() => 1)]));
  const b = tf.add(tf.mul(tf.sub(bias, mean!), a), beta ?? tf.zerosLike(a));
  return { weight: w, bias: b };
}

/** Every op between `at` and the outputs must have a rule: errors name the first offender. */
function checkOps(graph: CompiledGraph, at: string): void {
  const reached = new Set([at]);
  const floats = new Set([...graph.ir.inputs, ...graph.ir.nodes].filter(v => v.dtype === 'float32').map(v => v.name));
  for (const n of graph.ir.nodes) {
    const reads = refOf(n).filter(r => reached.has(r));
    if (reads.length === 0) continue;
    reached.add(n.name);
    const why = LRP_UNSUPPORTED[n.op];
    if (why !== undefined) throw new AttributionError(msg.lrpUnsupported(n.op, n.module, n.module_type, why));
    const activations = reads.filter(a => floats.has(a) || a === at);
    if (BILINEAR.has(n.op) && activations.length >= 2) {
      throw new AttributionError(msg.lrpUnsupported(n.op, n.module, n.module_type, 'it multiplies two activations'));
    }
  }
}
