import { OpError } from '../types';
import type { Lowering } from '../types';
import { castExact, tensorArg } from '../util';
import { isDtype } from './promote';

/** `cast(x, dtype)` to float32, int32 (truncating toward zero) or bool (nonzero). */
export const cast: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const dtype = attrs.dtype;
  if (!isDtype(dtype)) throw new OpError(`dtype must be "float32", "int32" or "bool", got ${JSON.stringify(dtype)}`);
  return castExact(x, dtype);
};
