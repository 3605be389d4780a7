/**
 * PyTorch's type promotion over the IR's three dtypes (bool < int32 < float32), for ops whose
 * arguments are tensors or plain numbers ("tensor or number" in docs/ir.md §3).
 *
 * A JSON number carries no int/float distinction: an integral value counts as an int (so
 * `int_tensor * 2.0` stays int32, where PyTorch would give float32).
 */
import * as tf from '@tensorflow/tfjs';

import { OpError, OpValue } from '../types';
import { castExact } from '../util';

/** A tensor or a scalar argument. */
export type Operand = tf.Tensor | number | boolean;

/** The IR's tensor dtypes, in promotion order. */
export const DTYPES = ['bool', 'int32', 'float32'] as const;
export type Dtype = (typeof DTYPES)[number];

/** True for one of the IR's dtypes. */
export function isDtype(v: unknown): v is Dtype {
  return typeof v === 'string' && (DTYPES as readonly string[]).includes(v);
}

/** The i-th input as a tensor or a number/boolean. */
export function operandArg(inputs: OpValue[], i: number): Operand {
  const v = inputs[i];
  if (typeof v === 'number' || typeof v === 'boolean' || v instanceof tf.Tensor) return v;
  throw new OpError(`input ${i} must be a tensor or a number, got ${v === null || v === undefined ? 'nothing' : 'a list'}`);
}

/** The dtype an operand computes in. */
export function dtypeOf(v: Operand): Dtype {
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int32' : 'float32';
  if (!isDtype(v.dtype)) throw new OpError(`${v.dtype} tensors are not supported (float32, int32 and bool are)`);
  return v.dtype;
}

/** The result dtype of combining `operands`, as torch.result_type over bool < int < float. */
export function promoteTypes(...operands: Operand[]): Dtype {
  return DTYPES[Math.max(...operands.map(v => DTYPES.indexOf(dtypeOf(v))))];
}

/** `v` as a tensor of `dtype` (a scalar for numbers; a cast only where the dtype differs). */
export function toTensor(v: Operand, dtype: Dtype): tf.Tensor {
  if (v instanceof tf.Tensor) return v.dtype === dtype ? v : castExact(v, dtype);
  return tf.scalar(typeof v === 'boolean' ? Number(v) : v, dtype);
}

/** `x` as float32 (PyTorch's exp, log, sqrt, … of an int tensor are float). */
export function asFloat(x: tf.Tensor): tf.Tensor {
  return x.dtype === 'float32' ? x : castExact(x, 'float32');
}

/**
 * Applies a broadcasting binary `f` to two operands promoted to their common dtype. tfjs has no
 * bool arithmetic, so bool results are computed in int32 and cast back (True + True = True).
 */
export function arithmetic(a: Operand, b: Operand, f: (a: tf.Tensor, b: tf.Tensor, dtype: Dtype) => tf.Tensor): tf.Tensor {
  const dtype = promoteTypes(a, b);
  const work = dtype === 'bool' ? 'int32' : dtype;
  const out = f(toTensor(a, work), toTensor(b, work), work);
  return dtype === 'bool' ? castExact(out, 'bool') : out;
}
