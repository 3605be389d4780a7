import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { promoteTypes, toTensor } from './promote';

/**
 * `matmul(a, b)` with torch.matmul's semantics: 1-D·1-D is a dot product, a 1-D operand gains
 * (and then loses) a unit row/column, and leading batch dims broadcast (mm, bmm too).
 */
export const matmul: Lowering = inputs => {
  const a = tensorArg(inputs, 0);
  const b = tensorArg(inputs, 1);
  const dtype = promoteTypes(a, b);
  if (dtype === 'bool') throw new OpError('matmul of bool tensors is not supported; cast them to int32 or float32');
  return batchMatmul(toTensor(a, dtype), toTensor(b, dtype));
};

/** torch.matmul of two tensors of the same dtype. */
export function batchMatmul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank === 0 || b.rank === 0) throw new OpError('matmul needs operands of at least one dimension, got a scalar');
  const k = a.shape[a.rank - 1];
  const kb = b.shape[Math.max(b.rank - 2, 0)];
  if (k !== kb) throw new OpError(`matmul shapes [${a.shape}] and [${b.shape}] do not align (${k} ≠ ${kb})`);
  if (a.rank === 1 && b.rank === 1) return tf.sum(tf.mul(a, b));
  const a2 = a.rank === 1 ? tf.reshape(a, [1, k]) : a;
  const b2 = b.rank === 1 ? tf.reshape(b, [k, 1]) : b;
  const m = a2.shape[a2.rank - 2];
  const n = b2.shape[b2.rank - 1];
  let out: tf.Tensor;
  let batch: number[];
  if (b2.rank === 2) {
    // A shared right matrix: fold a's batch into its rows (one 2-D product, no broadcast copy).
    batch = a2.shape.slice(0, -2);
    out = tf.matMul(tf.reshape(a2, [-1, k]), b2);
  } else {
    batch = broadcastShape(a2.shape.slice(0, -2), b2.shape.slice(0, -2));
    const a3 = tf.reshape(tf.broadcastTo(a2, [...batch, m, k]), [-1, m, k]);
    const b3 = tf.reshape(tf.broadcastTo(b2, [...batch, k, n]), [-1, k, n]);
    out = tf.matMul(a3, b3);
  }
  const shape = [...batch, ...(a.rank === 1 ? [] : [m]), ...(b.rank === 1 ? [] : [n])];
  return tf.reshape(out, shape);
}

/** NumPy broadcasting of two shapes. */
export function broadcastShape(s: number[], t: number[]): number[] {
  const rank = Math.max(s.length, t.length);
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    const p = s[s.length - rank + i] ?? 1;
    const q = t[t.length - rank + i] ?? 1;
    if (p !== q && p !== 1 && q !== 1) throw new OpError(`shapes [${s}] and [${t}] do not broadcast`);
    out.push(p === 1 ? q : p);
  }
  return out;
}
