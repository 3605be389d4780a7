import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { contractAxis } from './layout';
import { adaptiveBins, adaptiveSizes } from './pool_util';

/** `adaptive_avg_pool2d(x)`: mean over PyTorch's adaptive bins, as a product with a host averaging matrix per axis. */
export const adaptiveAvgPool2d: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const outs = adaptiveSizes(x, attrs, 2);
  let y: tf.Tensor = x;
  outs.forEach((out, i) => {
    const axis = x.rank - 2 + i;
    const size = x.shape[axis];
    if (out === size) return;
    const m = adaptiveBins(size, out).map(([start, end]) =>
      Array.from({ length: size }, (_, j) => (j >= start && j < end ? 1 / (end - start) : 0))
    );
    y = contractAxis(y, axis, m);
  });
  // A lowering's result is disposed by its caller, so it is never the input itself.
  return y === x ? tf.clone(x) : y;
};
