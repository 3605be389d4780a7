import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { hardtanhClamp } from './hardtanh_util';

/** `relu6(x)` = min(max(x, 0), 6), PyTorch's hardtanh(0, 6) (no gradient at 0 and 6). */
export const relu6: Lowering = inputs => hardtanhClamp(tensorArg(inputs, 0), 0, 6);
