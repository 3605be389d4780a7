import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { optionalTensorArg, tensorArg } from '../util';
import { conv2dNchw, spatialInts } from './conv_util';
import { spreadAxis } from './layout';

/**
 * `conv_transpose2d(x, weight, bias?)`: PyTorch's ConvTranspose2d, as the equivalent stride-1
 * convolution of the zero-spread input with the flipped, in/out-swapped kernel (tfjs'
 * conv2dTranspose has no groups, dilation or output_padding).
 */
export const convTranspose2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const w = tensorArg(inputs, 1);
  const stride = spatialInts(attrs, 'stride', 2, 1);
  const padding = spatialInts(attrs, 'padding', 2, 0, 0);
  const outputPadding = spatialInts(attrs, 'output_padding', 2, 0, 0);
  const dilation = spatialInts(attrs, 'dilation', 2, 1);
  const groups = typeof attrs.groups === 'number' ? attrs.groups : 1;
  const unbatched = x.rank === 3;
  const x4 = unbatched ? tf.expandDims(x, 0) : x;
  if (x4.rank !== 4 || w.rank !== 4 || x4.shape[1] !== w.shape[0] || w.shape[0] % groups !== 0) {
    throw new OpError(
      `conv_transpose2d with groups=${groups}: input shape [${x.shape}] does not fit weight ` +
        `[${w.shape}] (weight is [in channels, out channels / groups, kH, kW])`
    );
  }
  outputPadding.forEach((op, i) => {
    if (op >= stride[i] && op >= dilation[i]) {
      throw new OpError(`output_padding ${op} must be smaller than stride ${stride[i]} or dilation ${dilation[i]}`);
    }
  });
  const [cIn, cOutPerGroup, kh, kw] = w.shape;
  const swapped = tf.reshape(
    tf.transpose(tf.reshape(w, [groups, cIn / groups, cOutPerGroup, kh, kw]), [0, 2, 1, 3, 4]),
    [groups * cOutPerGroup, cIn / groups, kh, kw]
  );
  const kernel = tf.reverse(swapped, [2, 3]);
  const spread = spreadAxis(spreadAxis(x4, 2, stride[0]), 3, stride[1]);
  const pads = [kh, kw].map((k, i): [number, number] => {
    const q = dilation[i] * (k - 1) - padding[i];
    return [q, q + outputPadding[i]];
  });
  const y = conv2dNchw(spread, kernel, optionalTensorArg(inputs, 2), { stride: [1, 1], pads, dilation, groups });
  return unbatched ? tf.squeeze(y, [0]) : y;
};
