import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';

/** Passes values through with a zero gradient (PyTorch never updates the padding_idx row). */
const frozen = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
  const x = args[0] as tf.Tensor;
  return { value: tf.clone(x), gradFunc: () => tf.zerosLike(x) };
});

/**
 * `embedding(weight, indices)`: rows of weight picked by int indices. `padding_idx` (aten's: −1
 * means none) does not change the output; as in PyTorch its row gets no gradient.
 */
export const embedding: Lowering = (inputs, attrs) => {
  const weight = tensorArg(inputs, 0);
  const indices = tensorArg(inputs, 1);
  if (weight.rank !== 2 || indices.dtype !== 'int32') {
    throw new OpError(
      `embedding needs a 2-D weight and int indices, got weight [${weight.shape}] and ${indices.dtype} indices`
    );
  }
  const flat = tf.reshape(indices, [-1]);
  const shape: number[] = [...indices.shape, weight.shape[1] as number];
  const rows = tf.reshape(tf.gather(weight, flat, 0), shape);
  const pad = attrs.padding_idx;
  if (typeof pad !== 'number' || pad < 0) return rows;
  const fixed = tf.reshape(tf.gather(frozen(weight), flat, 0), shape);
  return tf.where(tf.expandDims(tf.equal(indices, pad), -1), fixed, rows);
};
