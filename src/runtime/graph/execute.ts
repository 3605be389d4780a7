/**
 * Runs IR nodes in order over an environment of values (inputs, weights, earlier nodes).
 * Arguments are looked up by ref, `{"ref"}` attributes replaced by their symbolic int and
 * `{"float"}` numbers decoded, then the op's lowering runs. A failure names the op, the node
 * and the module path.
 */
import * as tf from '@tensorflow/tfjs';

import { AttrValue, Attrs, Lowering, OpValue } from '../ops';
import { GraphError } from './errors';
import { IRArg, IRAttr, IRNode, decodeFloat, refsOf } from './ir';
import * as msg from './messages';

export type Env = Map<string, OpValue>;

export interface ExecuteOptions {
  /** Nodes whose values must survive (taps, outputs); others may be freed after their last use. */
  keep?: ReadonlySet<string>;
  /** Free intermediates after their last use (forward only: a gradient tape still needs them). */
  free?: boolean;
  /** Nodes whose values are already in `env` (substituted by the caller): not run, never freed. */
  skip?: ReadonlySet<string>;
}

/**
 * Executes `nodes` (a topologically ordered list) over `env`, adding each node's value.
 */
export function execute(nodes: readonly IRNode[], env: Env, lowerings: Readonly<Record<string, Lowering>>, options: ExecuteOptions = {}): void {
  const lastUse = options.free ? lastUses(nodes) : null;
  const owned = new Set<string>();
  nodes.forEach((node, i) => {
    if (options.skip?.has(node.name)) return;
    const { args, attrs } = resolveNode(node, env);
    const value = runNode(node, lowerings[node.op], args, attrs);
    env.set(node.name, value);
    owned.add(node.name);
    if (lastUse !== null) {
      for (const ref of new Set(refsOf(node))) {
        if (lastUse.get(ref) === i && owned.has(ref) && !options.keep?.has(ref)) {
          release(env, ref);
        }
      }
    }
  });
}

/** A node's arguments and attributes read from `env` (refs looked up, `{"float"}`s decoded). */
export function resolveNode(node: IRNode, env: Env): { args: OpValue[]; attrs: Attrs } {
  return { args: node.inputs.map(a => resolveArg(a, env)), attrs: resolveAttrs(node.attrs ?? {}, env) };
}

/** Runs one node's lowering; a failure becomes a GraphError naming the op, node and module. */
export function runNode(node: IRNode, lowering: Lowering, args: OpValue[], attrs: Attrs): OpValue {
  try {
    return lowering(args, attrs, { name: node.name, op: node.op, module: node.module });
  } catch (e) {
    if (e instanceof GraphError) throw e;
    const detail = e instanceof Error ? e.message : String(e);
    throw new GraphError(msg.opFailed(node.op, node.name, node.module, node.module_type, detail));
  }
}

/** Index of the last node reading each ref. */
function lastUses(nodes: readonly IRNode[]): Map<string, number> {
  const last = new Map<string, number>();
  nodes.forEach((node, i) => refsOf(node).forEach(ref => last.set(ref, i)));
  return last;
}

/** Drops a value, disposing its tensors unless another live value shares them (identity, getitem). */
function release(env: Env, ref: string): void {
  const value = env.get(ref);
  env.delete(ref);
  const live = new Set<number>();
  env.forEach(v => tensorsOf(v).forEach(t => live.add(t.id)));
  tensorsOf(value).forEach(t => {
    if (!live.has(t.id) && !t.isDisposed) t.dispose();
  });
}

export function tensorsOf(v: OpValue | undefined): tf.Tensor[] {
  if (v instanceof tf.Tensor) return [v];
  if (Array.isArray(v)) return v.flatMap(tensorsOf);
  return [];
}

function resolveArg(a: IRArg, env: Env): OpValue {
  if (typeof a === 'string') return env.get(a) as OpValue;
  if (Array.isArray(a)) return a.map(x => resolveArg(x, env));
  return decodeFloat(a) as OpValue;
}

function resolveAttrs(attrs: Record<string, IRAttr>, env: Env): Attrs {
  const out: Attrs = {};
  for (const [k, v] of Object.entries(attrs)) out[k] = resolveAttr(v, env);
  return out;
}

function resolveAttr(a: IRAttr, env: Env): AttrValue {
  if (Array.isArray(a)) return a.map(x => resolveAttr(x, env));
  if (a !== null && typeof a === 'object') {
    if ('ref' in a && typeof a.ref === 'string') return env.get(a.ref) as number;
    if ('float' in a) return decodeFloat(a) as number;
    return a as unknown as AttrValue;
  }
  return a;
}
