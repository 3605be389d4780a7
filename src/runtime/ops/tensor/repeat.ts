import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { intListAttr } from './shape';

/** `repeat(x, repeats)`: tiles x; extra repeats add leading dims (torch.Tensor.repeat, not repeat_interleave). */
export const repeat: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const repeats = intListAttr(attrs, 'repeats');
  const lead = repeats.length - x.rank;
  if (lead < 0) throw new OpError(`repeat needs at least ${x.rank} repeats, got [${repeats}]`);
  const shaped = tf.reshape(x, [...Array(lead).fill(1), ...x.shape]);
  return tf.tile(shaped, repeats);
};
