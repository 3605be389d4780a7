import * as tf from '@tensorflow/tfjs';

import type { Lowering } from '../types';
import { Cell, projectInput, runRnn, scan, timeSteps } from './rnn';

const LSTM_GATES = 4;

/** One LSTM direction: gates i, f, g, o; c' = f·c + i·g, h' = o·tanh(c'). */
const lstmCell: Cell = (seq, init, w, reverse) => {
  // Both biases only ever appear summed, so they join the all-steps input projection.
  const bias = w.bIh !== null && w.bHh !== null ? tf.add(w.bIh, w.bHh) : null;
  const xs = timeSteps(projectInput(seq, w.wIh, bias), seq.timeAxis);
  return scan(
    xs,
    init,
    (xt, [h, c]) => {
      // The step's input projection rides in as the fused bias: one kernel for x_t + W_hh·h.
      const z = tf.fused.matMul({ a: h, b: w.wHh, transposeB: true, bias: xt });
      const [zi, zf, zg, zo] = tf.split(z, LSTM_GATES, 1);
      const cNext = tf.add(tf.mul(tf.sigmoid(zf), c), tf.mul(tf.sigmoid(zi), tf.tanh(zg)));
      return [tf.mul(tf.sigmoid(zo), tf.tanh(cNext)), cNext];
    },
    reverse,
    seq.timeAxis,
  );
};

/**
 * `lstm(x, [h0, c0], params)` = aten.lstm.input → [y, h_n, c_n] (nn.LSTM without proj_size).
 *
 * @example
 * const [y, hN, cN] = lstm([x, [h0, c0], params], { num_layers: 1, bidirectional: false, batch_first: false, has_biases: true }, ctx) as tf.Tensor[];
 */
export const lstm: Lowering = (inputs, attrs, ctx) => runRnn(inputs, attrs, ctx.op, LSTM_GATES, lstmCell);
