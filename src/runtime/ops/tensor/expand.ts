import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering } from '../types';
import { tensorArg } from '../util';
import { intListAttr } from './shape';

/** `expand(x, size)`: broadcasts x to `size`; -1 keeps a dim, new dims go in front. */
export const expand: Lowering = (inputs, attrs) => {
  const x = tensorArg(inputs, 0);
  const size = intListAttr(attrs, 'size');
  const lead = size.length - x.rank;
  if (lead < 0) throw new OpError(`expand to [${size}] has fewer dims than x [${x.shape}]`);
  const shape = size.map((n, i) => {
    if (n !== -1) return n;
    if (i < lead) throw new OpError(`expand: -1 is not allowed for the new leading dim ${i}`);
    return x.shape[i - lead];
  });
  shape.forEach((n, i) => {
    const own = i < lead ? 1 : x.shape[i - lead];
    if (own !== n && own !== 1) throw new OpError(`cannot expand x of shape [${x.shape}] to [${size}]`);
  });
  return tf.broadcastTo(x, shape);
};
