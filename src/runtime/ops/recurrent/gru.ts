import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { Cell, projectInput, runRnn, scan, timeSteps } from './rnn';

const GRU_GATES = 3;

/** One GRU direction: gates r, z, n; n = tanh(x_n + r·(W_hn h + b_hn)), h' = n + z·(h − n). */
const gruCell: Cell = (seq, [h0], w, reverse) => {
  const hidden = h0.shape[h0.rank - 1];
  const projected = projectInput(seq, w.wIh, w.bIh);
  // r and z read x's and h's parts summed; n keeps them apart (b_hn sits inside r's product).
  const [xrz, xn] = tf.split(projected, [2 * hidden, hidden], 2);
  const xnSteps = timeSteps(xn, seq.timeAxis);
  const xs = timeSteps(xrz, seq.timeAxis).map((rz, t) => [rz, xnSteps[t]]);
  return scan(
    xs,
    [h0],
    ([xrzT, xnT], [h]) => {
      const hp = tf.fused.matMul({ a: h, b: w.wHh, transposeB: true, bias: w.bHh ?? undefined });
      const [hrz, hn] = tf.split(hp, [2 * hidden, hidden], 1);
      const [r, z] = tf.split(tf.sigmoid(tf.add(xrzT, hrz)), 2, 1);
      const n = tf.tanh(tf.add(xnT, tf.mul(r, hn)));
      return [tf.add(n, tf.mul(z, tf.sub(h, n)))];
    },
    reverse,
    seq.timeAxis,
  );
};

/**
 * `gru(x, h0, params)` = aten.gru.input → [y, h_n] (nn.GRU).
 *
 * @example
 * const [y, hN] = gru([x, h0, params], { num_layers: 1, bidirectional: false, batch_first: false, has_biases: true }, ctx) as tf.Tensor[];
 */
export const gru: Lowering = (inputs, attrs, ctx) => runRnn(inputs, attrs, ctx.op, GRU_GATES, gruCell);
