/**
 * Small helpers shared by op lowerings: PyTorch's dim conventions and argument checks.
 */
import type * as tf from '@tensorflow/tfjs';

import { AttrValue, OpError, OpValue } from './types';

/** PyTorch dim → axis in [0, rank): negative dims count from the end. */
export function normDim(dim: number, rank: number): number {
  const d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= Math.max(rank, 1)) {
    throw new OpError(`dim ${dim} is out of range for a tensor of rank ${rank}`);
  }
  return d;
}

/** The i-th input as a tensor; throws when it is absent or not a tensor. */
export function tensorArg(inputs: OpValue[], i: number): tf.Tensor {
  const v = inputs[i];
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) {
    throw new OpError(`input ${i} must be a tensor, got ${describe(v)}`);
  }
  return v;
}

/** The i-th input as a tensor or null (optional tensor such as a bias). */
export function optionalTensorArg(inputs: OpValue[], i: number): tf.Tensor | null {
  const v = inputs[i];
  return v === null || v === undefined ? null : tensorArg(inputs, i);
}

/** The i-th input as a list of tensors (cat, stack, einsum, lstm params). */
export function tensorListArg(inputs: OpValue[], i: number): tf.Tensor[] {
  const v = inputs[i];
  if (!Array.isArray(v)) {
    throw new OpError(`input ${i} must be a list of tensors, got ${describe(v)}`);
  }
  return v.map((_, j) => tensorArg(v, j));
}

/** An int attribute. */
export function intAttr(attrs: Record<string, AttrValue>, key: string, fallback?: number): number {
  const v = attrs[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new OpError(`attribute ${key} must be a number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** An int-list attribute (a single int is repeated `n` times, as PyTorch's `_pair`). */
export function intsAttr(attrs: Record<string, AttrValue>, key: string, n?: number): number[] {
  const v = attrs[key];
  if (typeof v === 'number' && n !== undefined) {
    return Array(n).fill(v);
  }
  if (!Array.isArray(v) || !v.every(x => typeof x === 'number')) {
    throw new OpError(`attribute ${key} must be a list of ints, got ${JSON.stringify(v)}`);
  }
  const ints = v as number[];
  return n !== undefined && ints.length === 1 ? Array(n).fill(ints[0]) : ints;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a tensor' : `${typeof v} ${String(v)}`;
}
