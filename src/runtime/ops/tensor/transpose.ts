import type { Lowering } from '../types';
import { intAttr, normDim, tensorArg, transposeExact } from '../util';

/** `transpose(x, dim0, dim1)`: swaps two dims (t = transpose 0 1; a 0-D or 1-D x is unchanged). */
export const transpose: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const perm = [...Array(x.rank).keys()];
  if (x.rank > 0) {
    const d0 = normDim(intAttr(attrs, 'dim0', 0), x.rank);
    const d1 = normDim(intAttr(attrs, 'dim1', 1 % x.rank), x.rank);
    [perm[d0], perm[d1]] = [perm[d1], perm[d0]];
  }
  return transposeExact(x, perm);
};
