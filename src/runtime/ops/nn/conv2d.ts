import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { optionalTensorArg, tensorArg } from '../util';
import { conv2dNchw, convPads, spatialInts } from './conv_util';

/** `conv2d(x, weight, bias?)`: PyTorch's Conv2d on NCHW (or unbatched CHW) input. */
export const conv2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const w = tensorArg(inputs, 1);
  const stride = spatialInts(attrs, 'stride', 2, 1);
  const dilation = spatialInts(attrs, 'dilation', 2, 1);
  const pads = convPads(attrs, w.shape.slice(2), stride, dilation);
  const groups = typeof attrs.groups === 'number' ? attrs.groups : 1;
  const unbatched = x.rank === 3;
  const y = conv2dNchw(unbatched ? tf.expandDims(x, 0) : x, w, optionalTensorArg(inputs, 2), {
    stride,
    pads,
    dilation,
    groups
  });
  return unbatched ? tf.squeeze(y, [0]) : y;
};
