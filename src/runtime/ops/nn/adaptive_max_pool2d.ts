import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { gatherAxis, stridedAxis } from './layout';
import { adaptiveBins, adaptiveSizes } from './pool_util';

/**
 * `adaptive_max_pool2d(x)` (values only): max over PyTorch's adaptive bins, last axis first.
 * The t-th element of every bin (the last one repeated in shorter bins) is folded with
 * tf.maximum, so ties send the gradient to the first maximum, as PyTorch.
 */
export const adaptiveMaxPool2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const outs = adaptiveSizes(x, attrs, 2);
  let y: tf.Tensor = x;
  for (let i = 1; i >= 0; i--) {
    const axis = x.rank - 2 + i;
    const size = x.shape[axis];
    const out = outs[i];
    if (out === size) continue;
    const bins = adaptiveBins(size, out);
    const width = Math.max(...bins.map(([start, end]) => end - start));
    const uniform = size % out === 0;
    const taps = Array.from({ length: width }, (_, t) =>
      uniform
        ? stridedAxis(y, axis, t, out, width)
        : gatherAxis(y, axis, bins.map(([start, end]) => Math.min(start + t, end - 1)))
    );
    y = taps.reduce((m, tap) => tf.maximum(m, tap));
  }
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return y === x ? tf.clone(x) : y;
};
