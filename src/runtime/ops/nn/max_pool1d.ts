import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { maxPoolNd, poolParams } from './pool_util';

/** `max_pool1d(x)`: PyTorch's MaxPool1d (padding counts as −∞; dilation; ceil_mode). */
export const maxPool1d: Lowering = (inputs, attrs) => maxPoolNd(tensorArg(inputs, 0), poolParams(attrs, 1));
