import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { adaptiveAvgPoolNd } from './pool_util';

/** `adaptive_avg_pool1d(x)`: mean over PyTorch's adaptive bins of the last 1 axis. */
export const adaptiveAvgPool1d: Lowering = (inputs, attrs) => adaptiveAvgPoolNd(tensorArg(inputs, 0), attrs, 1);
