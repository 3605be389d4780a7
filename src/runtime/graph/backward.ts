/**
 * A reverse pass over a traced run whose per-node rule can be replaced: the machinery behind
 * modified-gradient methods (guided backprop, deconvnet, DeepLIFT's rescale rule, LRP).
 *
 * 1. Only nodes downstream of `wrt` and with a cotangent take part, in reverse graph order.
 * 2. Each node turns the cotangent of its output into cotangents of the arguments that depend
 *    on `wrt` — by the caller's rule when it has one for the node, else by the vector-Jacobian
 *    product of the node's own lowering at the traced values (ordinary backpropagation).
 * 3. Cotangents reaching one value from several consumers add up.
 */
import * as tf from '@tensorflow/tfjs';

import type { Attrs, Lowering, OpValue } from '../ops';
import type { CompiledGraph, Trace } from './compile';
import { GraphError } from './errors';
import { resolveNode, runNode, tensorsOf } from './execute';
import { IRArg, IRNode, refsOf } from './ir';
import * as msg from './messages';

/** A cotangent shaped like the value it belongs to: a tensor, a list for multi-output values, or null (none). */
export type Cotangent = tf.Tensor | null | Cotangent[];

/** What a rule sees of one node. */
export interface RuleContext {
  node: IRNode;
  /** The node's resolved arguments at the traced run. */
  args: OpValue[];
  attrs: Attrs;
  /** The node's traced output. */
  value: OpValue;
  /** Cotangent of the output (same structure as `value`). */
  cotangent: Cotangent;
  /** For each argument, whether it depends on `wrt` (only those get cotangents). */
  reached: boolean[];
  lowering: Lowering;
  /**
   * The ordinary vector-Jacobian product of the node's lowering, at `args` (or at the given
   * substitute arguments), for the cotangent given (default: the node's own).
   */
  vjp(cotangent?: Cotangent, args?: OpValue[]): Cotangent[];
}

/** Cotangents per argument (null where none), or undefined to use the ordinary VJP. */
export type BackwardRule = (ctx: RuleContext) => Cotangent[] | undefined;

export interface BackwardOptions {
  /** The ref (input, weight-free node or tap) whose cotangent is returned. */
  wrt: string;
  /** Seeds: cotangents of refs to start from (usually the output, one-hot on the target). */
  seeds: ReadonlyMap<string, tf.Tensor>;
  rule?: BackwardRule;
}

/**
 * Runs the reverse pass and returns the cotangent at `wrt` (owned by the caller). Everything
 * else it makes is freed.
 *
 * @example
 * const trace = g.trace([x]);
 * const seed = tf.oneHot([207], 1000).toFloat();
 * const guided = backward(g, trace, { wrt: 'x', seeds: new Map([[g.ir.outputs[0], seed]]),
 *   rule: ctx => ctx.node.op === 'relu' ? [tf.relu(ctx.cotangent as tf.Tensor).mul(tf.step(ctx.args[0] as tf.Tensor))] : undefined });
 */
export function backward(graph: CompiledGraph, trace: Trace, options: BackwardOptions): tf.Tensor {
  const wrt = graph.refOf(options.wrt);
  const reached = reachedFrom(graph.ir.nodes, wrt);
  const nodes = graph.ir.nodes.filter(n => reached.has(n.name) && n.name !== wrt);
  return tf.tidy(() => {
    const cots = new Map<string, Cotangent>();
    options.seeds.forEach((seed, name) => accumulate(cots, graph.refOf(name), seed));
    for (let i = nodes.length - 1; i >= 0; i--) {
      const node = nodes[i];
      const cot = cots.get(node.name);
      if (cot === undefined || isEmpty(cot)) continue;
      const env = trace.env as Map<string, OpValue>;
      const { args, attrs } = resolveNode(node, env);
      const lowering = graph.lowerings[node.op];
      const flags = node.inputs.map(a => argReached(a, reached));
      const ctx: RuleContext = {
        node,
        args,
        attrs,
        value: env.get(node.name) as OpValue,
        cotangent: cot,
        reached: flags,
        lowering,
        vjp: (c = cot, at = args) => vjpOf(node, lowering, at, attrs, flags, c)
      };
      const inputCots = options.rule?.(ctx) ?? ctx.vjp();
      node.inputs.forEach((a, k) => {
        if (flags[k]) spread(cots, a, inputCots[k] ?? null);
      });
      cots.delete(node.name);
    }
    const out = cots.get(wrt);
    if (!(out instanceof tf.Tensor)) throw new GraphError(msg.backwardTo(options.wrt));
    return out;
  });
}

/** `wrt` and every node that depends on it. */
function reachedFrom(nodes: readonly IRNode[], wrt: string): Set<string> {
  const reached = new Set([wrt]);
  for (const node of nodes) {
    if (refsOf(node).some(r => reached.has(r))) reached.add(node.name);
  }
  return reached;
}

function argReached(a: IRArg, reached: ReadonlySet<string>): boolean {
  if (typeof a === 'string') return reached.has(a);
  if (Array.isArray(a)) return a.some(x => argReached(x, reached));
  return false;
}

function isEmpty(c: Cotangent): boolean {
  return c === null || (Array.isArray(c) && c.every(isEmpty));
}

/** Adds `c` to the cotangent of `ref`. */
function accumulate(cots: Map<string, Cotangent>, ref: string, c: Cotangent): void {
  cots.set(ref, add(cots.get(ref) ?? null, c));
}

function add(a: Cotangent, b: Cotangent): Cotangent {
  if (a === null) return b;
  if (b === null) return a;
  if (a instanceof tf.Tensor && b instanceof tf.Tensor) return tf.add(a, b);
  const la = a as Cotangent[];
  const lb = b as Cotangent[];
  return Array.from({ length: Math.max(la.length, lb.length) }, (_, i) => add(la[i] ?? null, lb[i] ?? null));
}

/** Hands an argument's cotangent to the ref(s) it was read from (lists of refs get a list). */
function spread(cots: Map<string, Cotangent>, a: IRArg, c: Cotangent): void {
  if (c === null) return;
  if (typeof a === 'string') {
    accumulate(cots, a, c);
  } else if (Array.isArray(a) && Array.isArray(c)) {
    a.forEach((x, i) => spread(cots, x, c[i] ?? null));
  }
}

/**
 * Ordinary VJP of one node: the gradient of Σ⟨output_k, cotangent_k⟩ w.r.t. every float tensor
 * inside the reached arguments (lists too), returned in the arguments' structure.
 */
function vjpOf(node: IRNode, lowering: Lowering, args: OpValue[], attrs: Attrs, reached: boolean[], cot: Cotangent): Cotangent[] {
  const leaves: tf.Tensor[] = [];
  args.forEach((a, k) => {
    if (reached[k]) tensorsOf(a).forEach(t => t.dtype === 'float32' && leaves.push(t));
  });
  if (leaves.length === 0) return args.map(() => null);
  const { grads, value } = tf.engine().gradients(
    () => {
      const out = runNode(node, lowering, args, attrs);
      return pairUp(out, cot);
    },
    leaves,
    undefined,
    true
  );
  value.dispose();
  const byId = new Map<number, tf.Tensor | undefined>();
  leaves.forEach((t, i) => byId.set(t.id, grads[i]));
  const shaped = (v: OpValue): Cotangent => {
    if (v instanceof tf.Tensor) return byId.get(v.id) ?? (v.dtype === 'float32' ? tf.zerosLike(v) : null);
    if (Array.isArray(v)) return v.map(shaped);
    return null;
  };
  return args.map((a, k) => (reached[k] ? shaped(a) : null));
}

/** Σ_k sum(out_k · cot_k) over the tensors of an output and its cotangent. */
function pairUp(out: OpValue, cot: Cotangent): tf.Scalar {
  const terms: tf.Scalar[] = [];
  const walk = (o: OpValue, c: Cotangent): void => {
    if (c === null) return;
    if (o instanceof tf.Tensor && c instanceof tf.Tensor) {
      if (o.dtype === 'float32') terms.push(tf.sum(tf.mul(o, c)));
    } else if (Array.isArray(o) && Array.isArray(c)) {
      o.forEach((x, i) => walk(x, c[i] ?? null));
    }
  };
  walk(out, cot);
  return terms.length === 0 ? tf.scalar(0) : (tf.addN(terms) as tf.Scalar);
}
