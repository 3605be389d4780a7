import type { Lowering } from '../types';
import { OpError } from '../types';
import { tensorArg } from '../util';
import { avgPoolNd, poolParams } from './pool_util';

/** `avg_pool1d(x)`: PyTorch's AvgPool1d, including its divisor rules (count_include_pad, divisor_override, ceil_mode). */
export const avgPool1d: Lowering = (inputs, attrs) => {
  const divisor = attrs.divisor_override ?? null;
  if (divisor !== null && (typeof divisor !== 'number' || divisor === 0)) {
    throw new OpError(`divisor_override must be a non-zero int or null, got ${JSON.stringify(divisor)}`);
  }
  const params = poolParams({ ...attrs, dilation: 1 }, 1);
  return avgPoolNd(tensorArg(inputs, 0), params, attrs.count_include_pad !== false, divisor);
};
