import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { filled } from './full';

/** `full_like(x, value, dtype)` (zeros_like, ones_like, …): x's shape; dtype null = x's dtype. */
export const fullLike: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  return filled(x.shape, attrs.value, attrs.dtype ?? x.dtype);
};
