import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { maxPoolNd, poolParams } from './pool_util';

/** `max_pool2d(x)`: PyTorch's MaxPool2d (padding counts as −∞; dilation; ceil_mode). */
export const maxPool2d: Lowering = (inputs, attrs) => maxPoolNd(tensorArg(inputs, 0), poolParams(attrs, 2));
