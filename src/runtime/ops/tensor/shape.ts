/** Shape arithmetic shared by the shape ops (PyTorch's conventions for sizes and dims). */
import { OpError } from '../types';
import type { Attrs } from '../types';
import { intsAttr } from '../util';

/** Resolves one -1 in `sizes` so the product is `numel` (reshape, unflatten). */
export function inferSizes(sizes: number[], numel: number, what: string): number[] {
  const unknown = sizes.filter(s => s === -1).length;
  if (unknown > 1) throw new OpError(`${what}: only one size may be -1, got [${sizes}]`);
  const known = sizes.reduce((p, s) => (s === -1 ? p : p * s), 1);
  const out = sizes.map(s => (s === -1 ? (known === 0 ? 0 : numel / known) : s));
  if (out.some(s => !Number.isInteger(s) || s < 0) || out.reduce((p, s) => p * s, 1) !== numel) {
    throw new OpError(`${what}: shape [${sizes}] is invalid for ${numel} elements`);
  }
  return out;
}

/** An int-list attribute that may also be a single int (PyTorch's IntArrayRef). */
export function intListAttr(attrs: Attrs, key: string): number[] {
  const v = attrs[key];
  return typeof v === 'number' ? [v] : intsAttr(attrs, key);
}
