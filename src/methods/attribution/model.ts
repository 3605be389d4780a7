/**
 * A compiled model seen from where attributions live: the point `at` (an input, or a layer such
 * as the embedding of a token model) and the model's other inputs held fixed.
 *
 * Methods pass values x at that point with batch B·k (k perturbations of the B examples, stacked
 * copy after copy: rows j·B … j·B + B − 1 are copy j). The fixed inputs are repeated to match,
 * so every row is one example run on its own; the models must not mix rows (eval mode).
 */
import * as tf from '@tensorflow/tfjs';

import { backward, type BackwardRule, type CompiledGraph, type RunResult, type Trace } from '../../runtime/graph';
import { AttributionError } from './errors';
import * as msg from './messages';
import { selectScores, targetMask, tileRows, type TargetSpec } from './target';

export interface ExplainedModelOptions {
  /** An input name or a tap (module path / node) to attribute to; default: the first float input. */
  at?: string;
}

/** Row scalars and their gradient w.r.t. x. */
export interface Gradient {
  scores: tf.Tensor1D;
  grad: tf.Tensor;
}

export class ExplainedModel {
  /** The ref attributions live at. */
  readonly at: string;
  /** Whether `at` is one of the model's inputs (else a layer inside it). */
  readonly atInput: boolean;
  /** Examples. */
  readonly batch: number;
  /** The value at `at` for the B examples (owned by this object when `at` is a layer). */
  readonly x: tf.Tensor;
  private readonly owned: tf.Tensor | null;
  private readonly masks = new Map<string, { mask: tf.Tensor; ref: string | null }>();

  /**
   * @param graph the compiled model (not owned)
   * @param inputs one tensor per model input, batch B (not owned)
   *
   * @example
   * const m = new ExplainedModel(graph, [images]);
   * const { grad } = m.gradient(m.x, classTarget(207));
   */
  constructor(
    readonly graph: CompiledGraph,
    readonly inputs: readonly tf.Tensor[],
    options: ExplainedModelOptions = {}
  ) {
    const specs = graph.ir.inputs;
    const name = options.at ?? specs.find(s => s.dtype === 'float32')?.name ?? specs[0].name;
    this.at = graph.refOf(name);
    const index = specs.findIndex(s => s.name === this.at);
    this.atInput = index >= 0;
    this.batch = inputs[0].shape[0];
    if (this.atInput) {
      this.x = inputs[index];
      this.owned = null;
    } else {
      const run = graph.forward(inputs, { taps: [this.at] });
      tf.dispose(run.outputs);
      this.x = run.taps.get(this.at)!;
      this.owned = this.x;
    }
    if (this.x.dtype !== 'float32') {
      this.dispose();
      throw new AttributionError(msg.notFloatInput(name, this.x.dtype));
    }
  }

  /** The model's inputs for `rows` rows (a multiple of B), with x in its place when `at` is an input. */
  inputsFor(rows: number, x?: tf.Tensor): tf.Tensor[] {
    if (rows % this.batch !== 0) throw new AttributionError(msg.targetCount(rows, this.batch));
    if (rows !== this.batch) this.checkDynamicBatch();
    return this.graph.ir.inputs.map((spec, i) => (this.atInput && spec.name === this.at && x !== undefined ? x : tileRows(this.inputs[i], rows)));
  }

  /** Forward at x (rows = k·B), reading `taps`. The caller disposes what it returns. */
  run(x: tf.Tensor, taps: readonly string[] = []): RunResult {
    const inputs = this.inputsFor(x.shape[0], x);
    try {
      return this.graph.forward(inputs, { taps, replace: this.replacing(x) });
    } finally {
      this.disposeTiled(inputs, x);
    }
  }

  /** Per-row target scalars at x. */
  scores(x: tf.Tensor, target: TargetSpec): tf.Tensor1D {
    this.checkTarget(target);
    const taps = target.tap === null ? [] : [target.tap];
    const r = this.run(x, taps);
    try {
      return selectScores(this.targetValue(r, target), this.mask(target, this.targetValue(r, target).shape));
    } finally {
      tf.dispose([...r.outputs, ...r.taps.values()].filter(t => t !== x));
    }
  }

  /**
   * Checks a target against the exported shapes before anything runs (an error thrown inside a
   * gradient would strand tfjs's tape), and returns the ref it reads.
   */
  checkTarget(target: TargetSpec): string {
    const ref = target.tap === null ? this.graph.ir.outputs[0] : this.graph.refOf(target.tap);
    const spec = this.graph.ir.nodes.find(n => n.name === ref) ?? this.graph.ir.inputs.find(i => i.name === ref);
    const shape = spec?.shape;
    if (Array.isArray(shape) && shape.length > 0 && shape.slice(1).every(d => typeof d === 'number')) {
      this.mask(target, [this.batch, ...(shape.slice(1) as number[])]);
    }
    return ref;
  }

  /** Row scalars at x and ∂(Σ rows)/∂x (the rows are independent, so row r's gradient is its own). */
  gradient(x: tf.Tensor, target: TargetSpec): Gradient {
    this.checkTarget(target);
    const taps = target.tap === null ? [] : [target.tap];
    const inputs = this.inputsFor(x.shape[0], x);
    const objective = this.objective(target);
    const g = this.graph.gradient(inputs, objective.fn, { wrt: [this.at], at: [x], taps, replace: this.atInput ? undefined : this.replacing(x) });
    tf.dispose([g.value, ...g.outputs, ...g.taps.values()].filter(t => t !== x));
    this.disposeTiled(inputs, x);
    return { scores: objective.scores()!, grad: g.grads[0] };
  }

  /** Activation of `layer` at x and the gradient of Σ row scalars w.r.t. it. */
  layerGradient(x: tf.Tensor, layer: string, target: TargetSpec): { act: tf.Tensor; grad: tf.Tensor; scores: tf.Tensor1D } {
    this.checkTarget(target);
    this.graph.refOf(layer);
    const taps = target.tap === null ? [layer] : [layer, target.tap];
    const inputs = this.inputsFor(x.shape[0], x);
    const objective = this.objective(target);
    const g = this.graph.gradient(inputs, objective.fn, { wrt: [layer], taps, replace: this.replacing(x) });
    const act = g.taps.get(layer)!;
    tf.dispose([g.value, ...g.outputs, ...[...g.taps.values()].filter(t => t !== act)].filter(t => t !== x));
    this.disposeTiled(inputs, x);
    return { act, grad: g.grads[0], scores: objective.scores()! };
  }

  /** Every value of a run at x, for a custom backward pass. */
  trace(x: tf.Tensor): Trace {
    const inputs = this.inputsFor(x.shape[0], x);
    const t = this.graph.trace(inputs, { replace: this.replacing(x) });
    const tiled = inputs.filter((v, i) => v !== x && v !== this.inputs[i]);
    return { env: t.env, dispose: () => { t.dispose(); tf.dispose(tiled); } };
  }

  /**
   * A backward pass over `trace` from the target (seeded with the selection mask, times the
   * target's values when `times` is set — LRP starts from the output's value), to x.
   */
  backward(trace: Trace, target: TargetSpec, rule: BackwardRule | undefined, options: { seedWithValues?: boolean } = {}): tf.Tensor {
    const ref = this.checkTarget(target);
    const t = trace.env.get(ref) as tf.Tensor;
    const mask = this.mask(target, t.shape);
    const seed = tf.tidy(() => {
      const m = tileRows(mask, t.shape[0]);
      return options.seedWithValues ? tf.mul(m, t) : m.clone();
    });
    try {
      return backward(this.graph, trace, { wrt: this.at, seeds: new Map([[ref, seed]]), rule });
    } finally {
      seed.dispose();
    }
  }

  /** Frees what this object made (masks, a layer's value); the graph and inputs stay. */
  dispose(): void {
    this.owned?.dispose();
    this.masks.forEach(m => m.mask.dispose());
    this.masks.clear();
  }

  /** Σ of the rows' target scalars, keeping the per-row scalars for the caller. */
  private objective(target: TargetSpec): { fn: (run: RunResult) => tf.Scalar; scores: () => tf.Tensor1D | null } {
    let scores: tf.Tensor1D | null = null;
    return {
      fn: run => {
        const t = this.targetValue(run, target);
        scores = tf.keep(selectScores(t, this.mask(target, t.shape)));
        return tf.sum(scores);
      },
      scores: () => scores
    };
  }

  private replacing(x: tf.Tensor): Map<string, tf.Tensor> | undefined {
    return this.atInput ? undefined : new Map([[this.at, x]]);
  }

  private targetValue(run: RunResult, target: TargetSpec): tf.Tensor {
    return target.tap === null ? run.outputs[0] : run.taps.get(target.tap)!;
  }

  /** The target's mask for B examples (cached per target and shape). */
  private mask(target: TargetSpec, shape: number[]): tf.Tensor {
    const inner = shape.slice(1);
    const key = JSON.stringify([target.tap, target.indices, target.reduce ?? 'sum', inner]);
    let entry = this.masks.get(key);
    if (entry === undefined) {
      const what = target.tap === null ? 'the model output' : `tap ${target.tap}`;
      entry = { mask: tf.keep(targetMask(target, [this.batch, ...inner], this.batch, what)), ref: target.tap };
      this.masks.set(key, entry);
    }
    return entry.mask;
  }

  private disposeTiled(inputs: tf.Tensor[], x: tf.Tensor): void {
    inputs.forEach((t, i) => {
      if (t !== x && t !== this.inputs[i]) t.dispose();
    });
  }

  private checkDynamicBatch(): void {
    for (const spec of this.graph.ir.inputs) {
      if (typeof spec.shape[0] === 'number') throw new AttributionError(msg.noBatchSymbol(spec.name));
    }
  }
}
