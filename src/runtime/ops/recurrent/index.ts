import type { Lowering } from '../types';

export const RECURRENT_OPS: Record<string, Lowering> = {};
