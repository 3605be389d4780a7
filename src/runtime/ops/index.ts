/**
 * The op set of IR version 1 (docs/ir.md §3): one lowering per op, one op per file, grouped in
 * rooms — nn/ (layers, activations), tensor/ (elementwise, shapes, indexing, creation, glue),
 * recurrent/ (LSTM, GRU, attention).
 */
import { NN_OPS } from './nn';
import { RECURRENT_OPS } from './recurrent';
import { TENSOR_OPS } from './tensor';
import type { Lowering } from './types';

export const OPS: Readonly<Record<string, Lowering>> = { ...NN_OPS, ...TENSOR_OPS, ...RECURRENT_OPS };

/** True when the IR op has a lowering. */
export function isSupportedOp(op: string): boolean {
  return Object.prototype.hasOwnProperty.call(OPS, op);
}

export type { Attrs, AttrValue, Lowering, OpContext, OpValue } from './types';
export { OpError } from './types';
