import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { normDim, tensorArg } from '../util';
import { intListAttr } from './shape';

/** `roll(x, shifts, dims)`: rotates x along each dim by its shift; no dims = over the flattened x. */
export const roll: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const shifts = intListAttr(attrs, 'shifts');
  const dims = attrs.dims === null || attrs.dims === undefined ? [] : intListAttr(attrs, 'dims');
  if (dims.length === 0) {
    if (shifts.length !== 1) throw new OpError(`roll without dims takes one shift, got [${shifts}]`);
    return tf.reshape(rollAxis(tf.reshape(x, [-1]), shifts[0], 0), x.shape);
  }
  if (dims.length !== shifts.length) throw new OpError(`roll got ${shifts.length} shifts for ${dims.length} dims`);
  return dims.reduce((t, d, i) => rollAxis(t, shifts[i], normDim(d, x.rank)), tf.reshape(x, x.shape));
};

function rollAxis(x: tf.Tensor, shift: number, axis: number): tf.Tensor {
  const n = x.shape[axis];
  const s = n === 0 ? 0 : ((shift % n) + n) % n;
  if (s === 0) return x;
  const part = (start: number, size: number): tf.Tensor =>
    tf.slice(x, x.shape.map((_, i) => (i === axis ? start : 0)), x.shape.map((m, i) => (i === axis ? size : m)));
  return tf.concat([part(n - s, s), part(0, n - s)], axis);
}
