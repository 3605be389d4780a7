import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { adaptiveAvgPoolNd } from './pool_util';

/** `adaptive_avg_pool2d(x)`: mean over PyTorch's adaptive bins of the last 2 axes. */
export const adaptiveAvgPool2d: Lowering = (inputs, attrs) => adaptiveAvgPoolNd(tensorArg(inputs, 0), attrs, 2);
