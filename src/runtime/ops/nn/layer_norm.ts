import type { Lowering } from '../types';
import { OpError } from '../types';
import { intsAttr, optionalTensorArg, tensorArg } from '../util';
import { floatAttr } from './attrs';
import { affine, standardize } from './norm_util';

/** `layer_norm(x, weight?, bias?)`: normalizes over the trailing `normalized_shape` dims. */
export const layerNorm: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const shape = intsAttr(attrs, 'normalized_shape');
  const eps = floatAttr(attrs, 'eps', 1e-5);
  const trailing = x.shape.slice(x.rank - shape.length);
  if (shape.length > x.rank || shape.some((d, i) => d !== trailing[i])) {
    throw new OpError(`layer_norm: normalized_shape [${shape}] is not the trailing shape of input [${x.shape}]`);
  }
  const axes = shape.map((_, i) => x.rank - shape.length + i);
  return affine(standardize(x, axes, eps), optionalTensorArg(inputs, 1), optionalTensorArg(inputs, 2));
};
