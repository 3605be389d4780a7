/**
 * IR → a tfjs function with taps.
 *
 * 1. `compileGraph(ir, weights)` checks the document, lists every op without a lowering at once
 *    (UnsupportedOpError: op, module path, and the kernel path as the way out), checks weight
 *    shapes, and uploads the weights once.
 * 2. `forward(inputs, {taps})` runs the nodes in order; any node, module path or input can be
 *    read as a tap. Intermediates are freed after their last use.
 * 3. `gradient(inputs, objective, {wrt})` differentiates a scalar function of the outputs and
 *    taps w.r.t. inputs or taps. For a tap, the graph runs once, then the part downstream of
 *    the tap runs again as a function of the tap's value (the rest is constant w.r.t. it).
 *
 * Every tensor a call returns belongs to the caller; `dispose()` frees the weights.
 */
import * as tf from '@tensorflow/tfjs';

import type { Tensor as WireTensor } from '../../transport';
import { Lowering, OPS, OpValue } from '../ops';
import { GraphError, UnsupportedOpError } from './errors';
import { Env, execute, tensorsOf } from './execute';
import { IRGraph, IRNode, parseIR, refsOf } from './ir';
import * as msg from './messages';
import { resolveTap } from './taps';

export interface CompileOptions {
  /** Replace or add op lowerings (e.g. a ReLU with a guided-backprop gradient). */
  lowerings?: Readonly<Record<string, Lowering>>;
}

export interface RunOptions {
  /** Tap names to read: node names, module paths or input names. */
  taps?: readonly string[];
  /**
   * Values to use in place of what the graph would compute, by tap name (e.g. an embedding's
   * output interpolated towards a baseline). Nodes downstream read these; the tensors stay the
   * caller's.
   */
  replace?: ReadonlyMap<string, tf.Tensor>;
}

/** Outputs in the IR's order and the requested taps by the name they were asked for. */
export interface RunResult {
  outputs: tf.Tensor[];
  taps: Map<string, tf.Tensor>;
}

export interface GradientOptions extends RunOptions {
  /** Input names or tap names to differentiate with respect to (default: the first input). */
  wrt?: readonly string[];
  /** Values of `wrt[i]` to differentiate at, instead of what the graph computes there. */
  at?: readonly tf.Tensor[];
}

/** Every value of one run, kept for a custom backward pass (see `backward`); `dispose()` frees them. */
export interface Trace {
  readonly env: ReadonlyMap<string, OpValue>;
  dispose(): void;
}

export interface GradientResult extends RunResult {
  /** The objective's value. */
  value: tf.Scalar;
  /** ∂objective/∂wrt[i], shaped like wrt[i]. */
  grads: tf.Tensor[];
}

/** A scalar function of a run's outputs and taps, built from tfjs ops. */
export type Objective = (run: RunResult) => tf.Scalar;

/**
 * Compiles an IR document with its weights (decoded from the weights payload).
 *
 * @example
 * const g = compileGraph(JSON.parse(irJson), decodeTensors(weightBytes));
 * const { outputs, taps } = g.forward([x], { taps: ['layer4'] });
 * const { grads } = g.gradient([x], r => r.outputs[0].gather(207, 1).sum(), { wrt: ['x'] });
 */
export function compileGraph(doc: unknown, weights: ReadonlyMap<string, WireTensor>, options: CompileOptions = {}): CompiledGraph {
  const ir = parseIR(doc);
  const lowerings = { ...OPS, ...(options.lowerings ?? {}) };
  checkOps(ir, lowerings);
  return new CompiledGraph(ir, uploadWeights(ir, weights), lowerings);
}

export class CompiledGraph {
  private weightEnv: Map<string, tf.Tensor> | null;
  private readonly names: ReadonlySet<string>;

  constructor(
    readonly ir: IRGraph,
    weights: Map<string, tf.Tensor>,
    readonly lowerings: Readonly<Record<string, Lowering>>,
    /** Weights this graph frees on dispose(); a derived graph owns none of them. */
    private readonly owned: ReadonlySet<string> = new Set(weights.keys())
  ) {
    this.weightEnv = weights;
    this.names = new Set([...ir.inputs.map(i => i.name), ...ir.weights.map(w => w.name), ...ir.nodes.map(n => n.name)]);
  }

  /**
   * The same graph with some weights replaced (by weight name) and/or some lowerings replaced.
   * It shares this graph's other weights and owns none: dispose the replacements yourself, and
   * do not use it after this graph is disposed.
   *
   * @example
   * const randomized = g.derive({ weights: new Map([['p_fc_weight', tf.randomNormal([10, 16])]]) });
   */
  derive(changes: { weights?: ReadonlyMap<string, tf.Tensor>; lowerings?: Readonly<Record<string, Lowering>> }): CompiledGraph {
    const weights = new Map(this.weights());
    changes.weights?.forEach((t, name) => {
      const spec = this.ir.weights.find(w => w.name === name);
      if (spec === undefined) throw new GraphError(msg.unknownWeight(name));
      if (spec.shape.length !== t.rank || spec.shape.some((d, i) => d !== t.shape[i])) {
        throw new GraphError(msg.weightShape(name, spec.shape as number[], t.shape));
      }
      weights.set(name, t);
    });
    return new CompiledGraph(this.ir, weights, { ...this.lowerings, ...(changes.lowerings ?? {}) }, new Set());
  }

  /** A weight's current tensor (owned by the graph). */
  weight(name: string): tf.Tensor {
    const t = this.weights().get(name);
    if (t === undefined) throw new GraphError(msg.unknownWeight(name));
    return t;
  }

  /** The IR ref a tap name reads (a node name, a module path's first output, or an input). */
  refOf(name: string): string {
    return this.resolveRef(name);
  }

  get inputNames(): string[] {
    return this.ir.inputs.map(i => i.name);
  }

  /** Number of weight elements uploaded. */
  get numWeights(): number {
    let n = 0;
    this.weights().forEach(t => (n += t.size));
    return n;
  }

  /** Runs the model; returns outputs and taps (the caller disposes them). */
  forward(inputs: readonly tf.Tensor[], options: RunOptions = {}): RunResult {
    this.checkInputs(inputs);
    const taps = this.resolveTaps(options.taps ?? []);
    const replace = this.resolveReplace(options.replace);
    const kept = tidy(() => {
      const env = this.baseEnv(inputs, replace);
      const keep = new Set([...this.ir.outputs, ...taps.values()]);
      execute(this.ir.nodes, env, this.lowerings, { keep, free: true, skip: new Set(replace.keys()) });
      return this.collect(env, taps);
    });
    return unpack(kept, taps);
  }

  /**
   * Runs the model and keeps every value (inputs, weights, each node's output) for a custom
   * backward pass. The trace owns the node values it made; inputs, replacements and weights
   * stay their owners'.
   */
  trace(inputs: readonly tf.Tensor[], options: Pick<RunOptions, 'replace'> = {}): Trace {
    this.checkInputs(inputs);
    const replace = this.resolveReplace(options.replace);
    const borrowed = new Set<number>();
    const env = this.baseEnv(inputs, replace);
    env.forEach(v => tensorsOf(v).forEach(t => borrowed.add(t.id)));
    const made = tidy(() => {
      execute(this.ir.nodes, env, this.lowerings, { skip: new Set(replace.keys()) });
      return this.ir.nodes.flatMap(n => tensorsOf(env.get(n.name)));
    });
    const owned = made.filter(t => !borrowed.has(t.id));
    return {
      env,
      dispose: () => owned.forEach(t => t.isDisposed || t.dispose())
    };
  }

  /** Value and gradients of `objective` w.r.t. inputs or taps (the caller disposes everything returned). */
  gradient(inputs: readonly tf.Tensor[], objective: Objective, options: GradientOptions = {}): GradientResult {
    this.checkInputs(inputs);
    const taps = this.resolveTaps(options.taps ?? []);
    const wrt = (options.wrt ?? [this.ir.inputs[0].name]).map(name => this.resolveRef(name));
    if (options.at !== undefined && options.at.length !== wrt.length) throw new GraphError(msg.atCount(wrt.length, options.at.length));
    const replace = this.resolveReplace(options.replace);
    const inputNames: ReadonlySet<string> = new Set(this.inputNames);
    const kept = tidy(() => {
      // Values upstream of every wrt are constants of the objective: computed once, outside the tape.
      const base = this.baseEnv(inputs, replace);
      const skip = new Set(replace.keys());
      const downstream = descendants(this.ir.nodes, new Set(wrt));
      if (wrt.every(ref => inputNames.has(ref))) {
        // Only what does not depend on the inputs (constants such as masks) runs outside the tape.
        const inside = new Set(downstream);
        execute(this.ir.nodes.filter(n => !inside.has(n)), base, this.lowerings, { skip });
      } else {
        execute(this.ir.nodes, base, this.lowerings, { skip });
      }
      let captured: Collected | null = null;
      const f = (...vars: tf.Tensor[]): tf.Scalar => {
        const env: Env = new Map(base);
        wrt.forEach((ref, i) => env.set(ref, vars[i]));
        execute(downstream, env, this.lowerings, { skip });
        const run = this.collect(env, taps);
        const value = objective(unpack(run, taps));
        if (value.rank !== 0) throw new GraphError(msg.notScalar(value.shape));
        // valueAndGrads frees everything f made but the value: keep what the caller receives.
        [...run.outputs, ...run.taps].forEach(t => tf.keep(t));
        captured = run;
        return value;
      };
      const vars = wrt.map((ref, i) => options.at?.[i] ?? this.tensorAt(base, ref));
      const { value, grads } = tf.valueAndGrads(f)(vars);
      return { value, grads, run: captured as unknown as Collected };
    });
    return { value: kept.value, grads: kept.grads, ...unpack(kept.run, taps) };
  }

  /** Frees the weights it owns; the graph cannot run afterwards. */
  dispose(): void {
    this.weightEnv?.forEach((t, name) => this.owned.has(name) && t.dispose());
    this.weightEnv = null;
  }

  private weights(): Map<string, tf.Tensor> {
    if (this.weightEnv === null) throw new GraphError(msg.disposed());
    return this.weightEnv;
  }

  private baseEnv(inputs: readonly tf.Tensor[], replace: ReadonlyMap<string, tf.Tensor> = new Map()): Env {
    const env: Env = new Map(this.weights());
    this.ir.inputs.forEach((spec, i) => env.set(spec.name, inputs[i]));
    replace.forEach((t, ref) => env.set(ref, t));
    return env;
  }

  private resolveReplace(replace: ReadonlyMap<string, tf.Tensor> | undefined): Map<string, tf.Tensor> {
    return new Map([...(replace ?? new Map<string, tf.Tensor>())].map(([name, t]) => [this.resolveRef(name), t]));
  }

  private resolveRef(name: string): string {
    return resolveTap(this.ir, name, this.names);
  }

  private resolveTaps(names: readonly string[]): Map<string, string> {
    return new Map(names.map(name => [name, this.resolveRef(name)]));
  }

  private tensorAt(env: Env, ref: string): tf.Tensor {
    const v = env.get(ref);
    if (!(v instanceof tf.Tensor)) throw new GraphError(msg.tapNotTensor(ref));
    return v;
  }

  /** Outputs and taps as plain arrays: tf.tidy keeps tensors in arrays and objects, not in Maps. */
  private collect(env: Env, taps: Map<string, string>): Collected {
    return {
      outputs: this.ir.outputs.map(ref => this.tensorAt(env, ref)),
      taps: [...taps.values()].map(ref => this.tensorAt(env, ref))
    };
  }

  private checkInputs(inputs: readonly tf.Tensor[]): void {
    const specs = this.ir.inputs;
    if (inputs.length !== specs.length) {
      throw new GraphError(msg.inputCount(specs.map(s => s.name), inputs.length));
    }
    const symbols = new Map<string, number>();
    specs.forEach((spec, i) => {
      const shape = inputs[i].shape;
      const fits =
        shape.length === spec.shape.length &&
        spec.shape.every((d, k) => (typeof d === 'number' ? d === shape[k] : shape[k] >= 1));
      if (!fits) throw new GraphError(msg.inputShape(spec.name, spec.shape, shape));
      spec.shape.forEach((d, k) => {
        if (typeof d !== 'string') return;
        const seen = symbols.get(d);
        if (seen !== undefined && seen !== shape[k]) throw new GraphError(msg.symbolMismatch(d, seen, shape[k]));
        symbols.set(d, shape[k]);
      });
    });
  }
}

type Collected = { outputs: tf.Tensor[]; taps: tf.Tensor[] };

/** tf.tidy typed by what the scope returns (a container of tensors in arrays and plain objects). */
function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}

function unpack(c: Collected, taps: Map<string, string>): RunResult {
  const names = [...taps.keys()];
  return { outputs: c.outputs, taps: new Map(names.map((name, i) => [name, c.taps[i]])) };
}

/** Nodes that depend (transitively) on any of `roots`, in graph order. */
function descendants(nodes: readonly IRNode[], roots: ReadonlySet<string>): IRNode[] {
  const reached = new Set(roots);
  return nodes.filter(node => {
    if (refsOf(node).some(ref => reached.has(ref))) {
      reached.add(node.name);
      return true;
    }
    return false;
  });
}

function checkOps(ir: IRGraph, lowerings: Readonly<Record<string, Lowering>>): void {
  const missing = ir.nodes.filter(n => !Object.prototype.hasOwnProperty.call(lowerings, n.op));
  if (missing.length === 0) return;
  const items = missing.map(n => `${n.op} at ${n.module === '' ? '(root)' : n.module}${n.module_type ? ` (${n.module_type})` : ''}`);
  throw new UnsupportedOpError(
    msg.unsupportedOps([...new Set(items)]),
    missing.map(n => ({ op: n.op, module: n.module, moduleType: n.module_type, node: n.name }))
  );
}

function uploadWeights(ir: IRGraph, weights: ReadonlyMap<string, WireTensor>): Map<string, tf.Tensor> {
  const out = new Map<string, tf.Tensor>();
  try {
    for (const spec of ir.weights) {
      const w = weights.get(spec.name);
      if (w === undefined) throw new GraphError(msg.missingWeight(spec.name, spec.target));
      const want = spec.shape as number[];
      if (w.shape.length !== want.length || w.shape.some((d, i) => d !== want[i])) {
        throw new GraphError(msg.weightShape(spec.name, want, w.shape));
      }
      out.set(spec.name, tf.tensor(w.data, w.shape, w.dtype));
    }
  } catch (e) {
    out.forEach(t => t.dispose());
    throw e;
  }
  return out;
}

export type { OpValue };
export { tensorsOf };
