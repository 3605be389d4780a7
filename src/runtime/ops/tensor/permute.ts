import { OpError } from '../types';
import type { Lowering } from '../types';
import { intsAttr, normDim, tensorArg, transposeExact } from '../util';

/** `permute(x, dims)`: output dim i is input dim dims[i] (exact for int32/bool on WebGPU too). */
export const permute: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const perm = intsAttr(attrs, 'dims').map(d => normDim(d, x.rank));
  if (perm.length !== x.rank || new Set(perm).size !== perm.length) {
    throw new OpError(`permute dims [${perm}] are not a permutation of ${x.rank} dims`);
  }
  return transposeExact(x, perm);
};
