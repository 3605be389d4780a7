import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { optionalTensorArg, tensorArg } from '../util';
import { conv2dNchw, convPads, spatialInts } from './conv_util';

/** `conv1d(x, weight, bias?)`: PyTorch's Conv1d on NCL (or unbatched CL) input, as a conv2d of height 1. */
export const conv1d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const w = tensorArg(inputs, 1);
  const [stride] = spatialInts(attrs, 'stride', 1, 1);
  const [dilation] = spatialInts(attrs, 'dilation', 1, 1);
  const [pad] = convPads(attrs, w.shape.slice(2), [stride], [dilation]);
  const groups = typeof attrs.groups === 'number' ? attrs.groups : 1;
  const unbatched = x.rank === 2;
  const x4 = tf.expandDims(unbatched ? tf.expandDims(x, 0) : x, 2);
  const y = conv2dNchw(x4, tf.expandDims(w, 2), optionalTensorArg(inputs, 2), {
    stride: [1, stride],
    pads: [[0, 0], pad],
    dilation: [1, dilation],
    groups
  });
  return tf.squeeze(y, unbatched ? [0, 2] : [2]);
};
