/**
 * `einsum([operands…], equation)` with torch.einsum's semantics, built from transpose, reshape,
 * sum and batched matmul so that every operand gets its gradient (tf.einsum has no gradient and
 * a narrower syntax). Supports any number of operands, implicit output (`"ij,jk"`), `...`
 * broadcasting and size-1 broadcasting; a label repeated within one operand (diagonals, `"ii->i"`)
 * is refused.
 */
import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorListArg, transposeExact } from '../util';
import { promoteTypes, toTensor } from './promote';

/** A tensor whose axes are named by labels, one character each. */
interface Labeled {
  t: tf.Tensor;
  labels: string[];
}

/** `einsum(operands, equation)`. */
export const einsum: Lowering = (inputs, attrs) => {
  const operands = tensorListArg(inputs, 0);
  if (typeof attrs.equation !== 'string') throw new OpError('attribute equation must be a string');
  const { terms, output } = parseEquation(attrs.equation, operands.map(t => t.rank));
  const dtype = promoteTypes(...operands);
  if (dtype === 'bool') throw new OpError('einsum of bool tensors is not supported; cast them to int32 or float32');
  const sizes = labelSizes(terms, operands);
  let ops: Labeled[] = operands.map((t, i) => ({ t: toTensor(t, dtype), labels: terms[i] }));
  ops = ops.map((op, i) => sumOut(op, needed(output, ops, i)));
  while (ops.length > 1) {
    const [a, b, ...rest] = ops;
    const keep = new Set([...output, ...rest.flatMap(o => o.labels)]);
    ops = [contract(a, b, keep, sizes), ...rest];
  }
  const last = sumOut(ops[0], new Set(output));
  const full = broadcastLabels(last, sizes);
  return permuteTo(full, output);
};

/** Splits the equation into per-operand label lists and the output labels, expanding `...`. */
export function parseEquation(equation: string, ranks: number[]): { terms: string[][]; output: string[] } {
  const eq = equation.replace(/\s+/g, '');
  const [lhs, rhs, extra] = eq.split('->');
  if (extra !== undefined) throw new OpError(`einsum equation "${equation}" has more than one "->"`);
  const raw = lhs.split(',');
  if (raw.length !== ranks.length) {
    throw new OpError(`einsum equation "${equation}" names ${raw.length} operands but got ${ranks.length}`);
  }
  // Ellipsis dims get labels that cannot clash with letters: the digits, right-aligned.
  const ellipsisRanks = raw.map((term, i) => (term.includes('...') ? ranks[i] - (term.length - 3) : 0));
  const nEllipsis = Math.max(0, ...ellipsisRanks);
  if (nEllipsis > 10) throw new OpError(`einsum "..." spans ${nEllipsis} dims; at most 10 are supported`);
  const ellipsis = [...Array(nEllipsis).keys()].map(String);
  const expand = (term: string, n: number): string[] => {
    const [before, after] = term.split('...');
    const labels = [...before, ...(after === undefined ? [] : [...ellipsis.slice(nEllipsis - n), ...after])];
    for (const l of labels) {
      if (!/^[a-zA-Z0-9]$/.test(l)) throw new OpError(`einsum equation "${equation}" has an invalid subscript "${l}"`);
    }
    return labels;
  };
  const terms = raw.map((term, i) => {
    const labels = expand(term, ellipsisRanks[i]);
    if (labels.length !== ranks[i]) {
      throw new OpError(`einsum subscripts "${term}" name ${labels.length} dims but operand ${i} has ${ranks[i]}`);
    }
    if (new Set(labels).size !== labels.length) {
      throw new OpError(`einsum subscripts "${term}" repeat a label (a diagonal); not supported — use a gather or mask instead`);
    }
    return labels;
  });
  let output: string[];
  if (rhs === undefined) {
    // Implicit output: the ellipsis dims, then labels used exactly once, alphabetically.
    const counts = new Map<string, number>();
    terms.flat().forEach(l => counts.set(l, (counts.get(l) ?? 0) + 1));
    const once = [...counts].filter(([l, c]) => c === 1 && !ellipsis.includes(l)).map(([l]) => l);
    output = [...ellipsis.filter(l => counts.has(l)), ...once.sort()];
  } else {
    output = expand(rhs, rhs.includes('...') ? nEllipsis : 0);
    const all = new Set(terms.flat());
    for (const l of output) {
      if (!all.has(l)) throw new OpError(`einsum output label "${l}" appears in no operand`);
    }
    if (new Set(output).size !== output.length) throw new OpError(`einsum output "${rhs}" repeats a label`);
  }
  return { terms, output };
}

/** Each label's size; 1 broadcasts against anything, other mismatches are errors. */
function labelSizes(terms: string[][], operands: tf.Tensor[]): Map<string, number> {
  const sizes = new Map<string, number>();
  terms.forEach((labels, i) =>
    labels.forEach((l, j) => {
      const n = operands[i].shape[j];
      const seen = sizes.get(l);
      if (seen !== undefined && seen !== n && seen !== 1 && n !== 1) {
        throw new OpError(`einsum label "${l}" has size ${seen} in one operand and ${n} in operand ${i}`);
      }
      if (seen === undefined || seen === 1) sizes.set(l, n);
    })
  );
  return sizes;
}

/** Labels operand i must keep: those of the output or of any other operand. */
function needed(output: string[], ops: Labeled[], i: number): Set<string> {
  return new Set([...output, ...ops.filter((_, j) => j !== i).flatMap(o => o.labels)]);
}

/** Sums over the labels not in `keep`. */
function sumOut(op: Labeled, keep: Set<string>): Labeled {
  const axes = op.labels.map((l, i) => (keep.has(l) ? -1 : i)).filter(i => i >= 0);
  if (axes.length === 0) return op;
  return { t: tf.sum(op.t, axes), labels: op.labels.filter(l => keep.has(l)) };
}

/** Broadcasts size-1 axes to their label's full size. */
function broadcastLabels(op: Labeled, sizes: Map<string, number>): Labeled {
  const shape = op.labels.map(l => sizes.get(l) as number);
  if (shape.every((n, i) => n === op.t.shape[i])) return op;
  return { t: tf.broadcastTo(op.t, shape), labels: op.labels };
}

function permuteTo(op: Labeled, order: string[]): tf.Tensor {
  return transposeExact(op.t, order.map(l => op.labels.indexOf(l)));
}

function reshape(op: Labeled, groups: string[][], sizes: Map<string, number>): tf.Tensor {
  return tf.reshape(op.t, groups.map(g => g.reduce((p, l) => p * (sizes.get(l) as number), 1)));
}

/**
 * Contracts two operands into one with the labels in `keep`: a batched matmul over
 * [batch, free-a, contracted] × [batch, contracted, free-b], transposing only when the operands'
 * own layout does not already fit (e.g. "bhqd,bhkd->bhqk" needs no transpose at all).
 */
function contract(a0: Labeled, b0: Labeled, keep: Set<string>, sizes: Map<string, number>): Labeled {
  const a = broadcastShared(sumOut(a0, new Set([...keep, ...b0.labels])), b0, sizes);
  const b = broadcastShared(sumOut(b0, new Set([...keep, ...a0.labels])), a0, sizes);
  const inB = new Set(b.labels);
  const inA = new Set(a.labels);
  const batch = a.labels.filter(l => inB.has(l) && keep.has(l));
  const summed = a.labels.filter(l => inB.has(l) && !keep.has(l));
  const freeA = a.labels.filter(l => !inB.has(l));
  const freeB = b.labels.filter(l => !inA.has(l));
  const [at, transposeA] = arrange(a, batch, freeA, summed);
  const [bt, transposeB] = arrange(b, batch, summed, freeB);
  const a3 = reshape({ t: at, labels: [] }, [batch, transposeA ? summed : freeA, transposeA ? freeA : summed], sizes);
  const b3 = reshape({ t: bt, labels: [] }, [batch, transposeB ? freeB : summed, transposeB ? summed : freeB], sizes);
  const product = tf.matMul(a3, b3, transposeA, transposeB);
  const labels = [...batch, ...freeA, ...freeB];
  return { t: tf.reshape(product, labels.map(l => sizes.get(l) as number)), labels };
}

/** Broadcasts op's size-1 axes whose label `other` holds at full size (so shared dims match). */
function broadcastShared(op: Labeled, other: Labeled, sizes: Map<string, number>): Labeled {
  const shape = op.labels.map((l, i) => (other.labels.includes(l) ? (sizes.get(l) as number) : op.t.shape[i]));
  if (shape.every((n, i) => n === op.t.shape[i])) return op;
  return { t: tf.broadcastTo(op.t, shape), labels: op.labels };
}

/**
 * op laid out as [batch, rows, cols]; returns it with `true` when it is already laid out as
 * [batch, cols, rows] (matmul then transposes for free).
 */
function arrange(op: Labeled, batch: string[], rows: string[], cols: string[]): [tf.Tensor, boolean] {
  const same = (order: string[]): boolean => order.every((l, i) => op.labels[i] === l);
  if (same([...batch, ...rows, ...cols])) return [op.t, false];
  if (same([...batch, ...cols, ...rows])) return [op.t, true];
  return [permuteTo(op, [...batch, ...rows, ...cols]), false];
}
