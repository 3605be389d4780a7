import type { Lowering } from '../types';

export const TENSOR_OPS: Record<string, Lowering> = {};
