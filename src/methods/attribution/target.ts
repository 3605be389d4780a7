/**
 * What an attribution explains: one scalar per example, read from the model's output or any
 * tap. Captum's `target` (an int, a tuple, or one per example) and its neuron selectors (a
 * layer and an index, possibly reduced over the rest) are both a TargetSpec.
 *
 * s_b = reduce over the selected elements of T[b], where T is the output (tap null) or the tap,
 * and the selection fixes the leading non-batch dimensions to `indices[b]` (null: all of that
 * dimension); dimensions past the given indices are all selected.
 */
import * as tf from '@tensorflow/tfjs';

import { AttributionError } from './errors';
import * as msg from './messages';

export const REDUCTIONS = { sum: 'sum', mean: 'mean' } as const;
export type Reduction = (typeof REDUCTIONS)[keyof typeof REDUCTIONS];
export function isReduction(x: unknown): x is Reduction {
  return x === REDUCTIONS.sum || x === REDUCTIONS.mean;
}

export interface TargetSpec {
  /** null: the model's first output; otherwise a tap name (module path, node or input). */
  tap: string | null;
  /** One index list per example, or a single list shared by all examples. */
  indices: (number | null)[][];
  /** How the selected elements become one scalar (default: sum, as Captum's tuple targets select one element). */
  reduce?: Reduction;
}

/**
 * A class target: output[:, c] (one class for all examples, or one per example).
 *
 * @example
 * classTarget(207);        // every example explains class 207
 * classTarget([3, 5]);     // example 0 explains class 3, example 1 class 5
 */
export function classTarget(classes: number | number[]): TargetSpec {
  const list = Array.isArray(classes) ? classes : [classes];
  return { tap: null, indices: list.map(c => [c]) };
}

/**
 * The selection mask of a target for `batch` examples on a tensor of shape `shape`
 * ([batch, ...]): 1 at the selected elements (1/count for mean), 0 elsewhere. Checks indices.
 */
export function targetMask(spec: TargetSpec, shape: number[], batch: number, what: string): tf.Tensor {
  if (shape.length < 2) throw new AttributionError(msg.targetTap(what, shape));
  const inner = shape.slice(1);
  const per = spec.indices.length === 1 ? Array.from({ length: batch }, () => spec.indices[0]) : spec.indices;
  if (per.length !== batch) throw new AttributionError(msg.targetCount(spec.indices.length, batch));
  const size = inner.reduce((a, b) => a * b, 1);
  const host = new Float32Array(batch * size);
  per.forEach((index, b) => {
    if (index.length > inner.length) throw new AttributionError(msg.targetArity(index.length, inner.length, what));
    index.forEach((i, d) => {
      if (i !== null && (!Number.isInteger(i) || i < 0 || i >= inner[d])) throw new AttributionError(msg.targetIndex(i, d, inner[d], what));
    });
    const selected = selectedOffsets(inner, index);
    const weight = spec.reduce === REDUCTIONS.mean ? 1 / selected.length : 1;
    for (const o of selected) host[b * size + o] = weight;
  });
  return tf.tensor(host, [batch, ...inner]);
}

/** Flat offsets (row-major over `dims`) of the elements whose leading coordinates match `index`. */
function selectedOffsets(dims: number[], index: (number | null)[]): number[] {
  let offsets = [0];
  dims.forEach((size, d) => {
    const i = index[d];
    const choices = i === null || i === undefined ? Array.from({ length: size }, (_, k) => k) : [i];
    offsets = offsets.flatMap(o => choices.map(c => o * size + c));
  });
  return offsets;
}

/** Per-row scalars Σ (T ⊙ mask) over the non-batch dimensions; `mask` has T's batch or divides it (rows tile the examples). */
export function selectScores(t: tf.Tensor, mask: tf.Tensor): tf.Tensor1D {
  return tf.tidy(() => {
    const m = tileRows(mask, t.shape[0]);
    const axes = Array.from({ length: t.rank - 1 }, (_, i) => i + 1);
    return tf.sum(tf.mul(t, m), axes) as tf.Tensor1D;
  });
}

/** `t` repeated along the batch axis to `rows` rows (rows = k · batch; copy j covers rows j·batch…). */
export function tileRows(t: tf.Tensor, rows: number): tf.Tensor {
  const batch = t.shape[0];
  if (rows === batch) return t;
  return tf.tidy(() => tf.concat(Array.from({ length: rows / batch }, () => t), 0));
}
