/**
 * Float attributes of nn lowerings (eps, slopes, clamp bounds); ints go through ../util.
 */
import { AttrValue, OpError } from '../types';

/** A number attribute (±Infinity allowed); `fallback` when absent or null. */
export function floatAttr(attrs: Record<string, AttrValue>, key: string, fallback?: number): number {
  const v = attrs[key] ?? fallback;
  if (typeof v !== 'number' || Number.isNaN(v)) {
    throw new OpError(`attribute ${key} must be a number, got ${JSON.stringify(attrs[key])}`);
  }
  return v;
}

/** A number attribute where null means "none" (clamp bounds); `fallback` only when absent. */
export function optionalFloatAttr(attrs: Record<string, AttrValue>, key: string, fallback: number | null): number | null {
  const v = attrs[key];
  if (v === undefined) return fallback;
  return v === null ? null : floatAttr(attrs, key);
}
