/**
 * The loss surface of a compiled model through parameter space: at grid point (α, β) the
 * weights are rebuilt on the backend as θ + α·δ + β·η (only the weights the directions name;
 * buffers such as BN running statistics stay), the batch runs through the derived graph, and
 * one read-back per point brings the summed loss and the correct count home.
 *
 * @example
 * const grid = await evaluateGrid({ graph, directions: [d1, d2], xs, ys, inputs: [x], target: y, loss: 'cross_entropy' },
 *                                 progressiveOrder(xs.length, ys.length));
 */
import * as tf from '@tensorflow/tfjs';

import type { CompiledGraph } from '../../runtime/graph';
import { checkpoint, type Progress } from '../attribution/progress';
import { lossAndCorrect, type LossKind } from './loss';

/** Examples per forward pass in the browser (bounds activation memory on big batches). */
export const DEFAULT_LANDSCAPE_BATCH = 64;

export interface LandscapeSetup {
  graph: CompiledGraph;
  /** One or two directions: weight name → a tensor of that weight's shape. */
  directions: ReadonlyArray<ReadonlyMap<string, tf.Tensor>>;
  /** Coordinates along the first direction (columns). */
  xs: ArrayLike<number>;
  /** Coordinates along the second direction (rows); null for a line. */
  ys: ArrayLike<number> | null;
  /** The model's inputs for the whole batch (first axis: examples). */
  inputs: readonly tf.Tensor[];
  /** Labels (cross_entropy) or targets (mse), first axis: examples; null for loss 'model'. */
  target: tf.Tensor | null;
  loss: LossKind;
  /** Examples per forward pass (default DEFAULT_LANDSCAPE_BATCH). */
  batchSize?: number;
}

export interface PointValue {
  /** Flat grid index: row · nx + col. */
  index: number;
  loss: number;
  /** Fraction of examples whose argmax is the label (cross_entropy); NaN otherwise. */
  accuracy: number;
}

export interface LandscapeProgress extends Progress {
  onPoint?: (p: PointValue) => void;
}

/** Checks that every direction names weights of the graph with their shapes. */
export function checkDirections(graph: CompiledGraph, directions: LandscapeSetup['directions']): void {
  if (directions.length < 1 || directions.length > 2) {
    throw new Error(`a landscape needs one or two directions; got ${directions.length}`);
  }
  for (const [k, d] of directions.entries()) {
    d.forEach((t, name) => {
      const w = graph.weight(name);
      if (w.shape.length !== t.shape.length || w.shape.some((s, i) => s !== t.shape[i])) {
        throw new Error(`direction ${k}: ${name} has shape [${t.shape.join(', ')}], the weight has [${w.shape.join(', ')}]`);
      }
    });
  }
}

/** θ + a·δ (+ b·η) for each named weight (inside the caller's tidy). */
function pointWeights(setup: LandscapeSetup, a: number, b: number): Map<string, tf.Tensor> {
  const [d1, d2] = setup.directions;
  const weights = new Map<string, tf.Tensor>();
  d1.forEach((t, name) => {
    let w = tf.add(setup.graph.weight(name), tf.mul(t, a));
    const other = d2?.get(name);
    if (other !== undefined) w = tf.add(w, tf.mul(other, b));
    weights.set(name, w);
  });
  d2?.forEach((t, name) => {
    if (!weights.has(name)) weights.set(name, tf.add(setup.graph.weight(name), tf.mul(t, b)));
  });
  return weights;
}

/** [summed loss, correct] over the batch at one grid coordinate. */
export function pointSums(setup: LandscapeSetup, a: number, b: number): tf.Tensor1D {
  return tf.tidy(() => {
    const g = setup.graph.derive({ weights: pointWeights(setup, a, b) });
    const n = setup.inputs[0].shape[0];
    const size = Math.max(1, setup.batchSize ?? DEFAULT_LANDSCAPE_BATCH);
    let sums: tf.Tensor1D = tf.zeros([2]);
    for (let start = 0; start < n; start += size) {
      const count = Math.min(size, n - start);
      const batch = setup.inputs.map(x => x.slice(start, count));
      const target = setup.target === null ? null : setup.target.slice(start, count);
      const { outputs } = g.forward(batch);
      sums = tf.add(sums, lossAndCorrect(outputs[0], target, setup.loss));
    }
    return sums;
  });
}

/**
 * Evaluates the grid points in `order` (flat indices; see progressiveOrder), reporting each as
 * it lands; cancellable between points. Unvisited cells stay NaN with known = 0.
 */
export async function evaluateGrid(
  setup: LandscapeSetup,
  order: readonly number[],
  progress?: LandscapeProgress
): Promise<{ loss: Float64Array; accuracy: Float64Array; known: Uint8Array }> {
  checkDirections(setup.graph, setup.directions);
  const nx = setup.xs.length;
  const ny = setup.ys === null ? 1 : setup.ys.length;
  const n = setup.inputs[0].shape[0];
  const loss = new Float64Array(nx * ny).fill(NaN);
  const accuracy = new Float64Array(nx * ny).fill(NaN);
  const known = new Uint8Array(nx * ny);
  for (let k = 0; k < order.length; k++) {
    const index = order[k];
    const a = setup.xs[index % nx];
    const b = setup.ys === null ? 0 : setup.ys[Math.floor(index / nx)];
    const sums = pointSums(setup, a, b);
    let values: Float32Array;
    try {
      values = (await sums.data()) as Float32Array;
    } finally {
      sums.dispose();
    }
    loss[index] = values[0] / n;
    accuracy[index] = setup.loss === 'cross_entropy' ? values[1] / n : NaN;
    known[index] = 1;
    progress?.onPoint?.({ index, loss: loss[index], accuracy: accuracy[index] });
    await checkpoint(progress, k + 1, order.length);
  }
  return { loss, accuracy, known };
}
