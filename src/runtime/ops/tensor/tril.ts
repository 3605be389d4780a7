/** `tril` / `triu`: keep the lower / upper triangle of the last two dims, zero the rest. */
import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { intAttr, tensorArg } from '../util';

function triangle(keep: (colMinusRow: tf.Tensor, diagonal: tf.Scalar) => tf.Tensor): Lowering {
  return (inputs, attrs) => {
    const x = tensorArg(inputs, 0);
    if (x.rank < 2) throw new OpError(`${keep === lower ? 'tril' : 'triu'} needs at least 2 dims, got shape [${x.shape}]`);
    const [rows, cols] = x.shape.slice(-2);
    const r = tf.reshape(tf.range(0, rows, 1, 'int32'), [rows, 1]);
    const c = tf.reshape(tf.range(0, cols, 1, 'int32'), [1, cols]);
    const mask = keep(tf.sub(c, r), tf.scalar(intAttr(attrs, 'diagonal', 0), 'int32'));
    return tf.where(mask, x, tf.zerosLike(x));
  };
}

const lower = (d: tf.Tensor, k: tf.Scalar): tf.Tensor => tf.lessEqual(d, k);
const upper = (d: tf.Tensor, k: tf.Scalar): tf.Tensor => tf.greaterEqual(d, k);

/** `tril(x, diagonal)`: keeps x[..., i, j] where j − i ≤ diagonal. */
export const tril = triangle(lower);

/** `triu(x, diagonal)`: keeps x[..., i, j] where j − i ≥ diagonal. */
export const triu = triangle(upper);
