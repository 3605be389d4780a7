/** Symbolic-int arithmetic: shapes under a dynamic batch, computed as plain JS numbers. */
import { OpError } from '../types';
import type { Lowering, OpValue } from '../types';
import { intAttr, normDim, tensorArg } from '../util';

function intArg(inputs: OpValue[], i: number): number {
  const v = inputs[i];
  if (typeof v !== 'number') throw new OpError(`input ${i} must be an int, got ${v === null ? 'nothing' : typeof v}`);
  return v;
}

function binary(f: (a: number, b: number) => number): Lowering {
  return inputs => f(intArg(inputs, 0), intArg(inputs, 1));
}

/** `sym_size(x, dim)` → x.shape[dim] as a number. */
export const symSize: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  return x.shape[normDim(intAttr(attrs, 'dim'), x.rank)];
};

/** `sym_add(a, b)` = a + b. */
export const symAdd = binary((a, b) => a + b);
/** `sym_sub(a, b)` = a − b. */
export const symSub = binary((a, b) => a - b);
/** `sym_mul(a, b)` = a · b. */
export const symMul = binary((a, b) => a * b);
/** `sym_floordiv(a, b)` = ⌊a / b⌋ (Python's //, rounding toward −∞). */
export const symFloordiv = binary((a, b) => {
  if (b === 0) throw new OpError('sym_floordiv by zero');
  return Math.floor(a / b);
});
