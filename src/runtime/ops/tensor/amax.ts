/**
 * `amax` / `amin` over dims. Equal extreme values share the gradient evenly, as PyTorch (tf.max
 * gives each of them the full gradient).
 */
import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { castExact, tensorArg } from '../util';
import { keptShape, reduceAxes, reduceOver } from './reduce';

type Extreme = (x: tf.Tensor, axes: number[], keepDims: boolean) => tf.Tensor;

function extreme(f: Extreme): Lowering {
  return (inputs, attrs) => {
    const x = tensorArg(inputs, 0);
    const axes = reduceAxes(attrs, 'dim', x.rank);
    const keepdim = attrs.keepdim === true;
    if (x.dtype === 'float32') return tieSharing(f, axes, keepdim)(x);
    const input = x.dtype === 'bool' ? castExact(x, 'int32') : x;
    const out = reduceOver(input, axes, keepdim, (t, inner) => f(t, inner, false));
    return x.dtype === 'bool' ? tf.cast(out, 'bool') : out;
  };
}

function tieSharing(f: Extreme, axes: number[], keepdim: boolean): (x: tf.Tensor) => tf.Tensor {
  return tf.customGrad((...args: unknown[]) => {
    const x = args[0] as tf.Tensor;
    const save = args[1] as tf.GradSaveFunc;
    save([x]);
    const y = f(x, axes, keepdim);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
        const top = f(saved, axes, true);
        const hit = castExact(tf.equal(saved, top), 'float32');
        const share = tf.div(hit, tf.sum(hit, axes, true));
        return tf.mul(tf.reshape(dy, keptShape(saved.shape, axes)), share);
      },
    };
  });
}

/** `amax(x, dim, keepdim)`: the largest value over dims (null = all). */
export const amax = extreme(tf.max);

/** `amin(x, dim, keepdim)`: the smallest value over dims (null = all). */
export const amin = extreme(tf.min);
