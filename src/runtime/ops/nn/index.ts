import type { Lowering } from '../types';
import { relu } from './relu';

export const NN_OPS: Record<string, Lowering> = { relu };
