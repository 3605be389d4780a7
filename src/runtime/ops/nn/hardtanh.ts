import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { optionalFloatAttr } from './attrs';
import { hardtanhClamp } from './hardtanh_util';

/** `hardtanh(x)` clamps to [min, max] (default [−1, 1], null: unbounded), gradient only strictly inside. */
export const hardtanh: Lowering = (inputs, attrs) =>
  hardtanhClamp(tensorArg(inputs, 0), optionalFloatAttr(attrs, 'min', -1), optionalFloatAttr(attrs, 'max', 1));
