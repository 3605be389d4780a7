/**
 * What `lstm` and `gru` share: aten.lstm.input / aten.gru.input's attributes, the
 * `_flat_weights` layout, stacking of layers and directions, and the time loop. Each op brings
 * only its cell (recurrent/lstm.ts, recurrent/gru.ts).
 *
 * The sequence stays in the layout it came in (time-major, or batch-major when `batch_first`):
 * time steps are read with one `unstack` and written with one `stack` along the time axis, so
 * `batch_first` costs no transposes.
 */
import * as tf from '@tensorflow/tfjs';

import { Attrs, OpError, OpValue } from '../types';
import { intAttr, tensorArg, tensorListArg } from '../util';

/** aten.lstm.input / aten.gru.input attributes (dropout and train are absent: inference only). */
export interface RnnAttrs {
  numLayers: number;
  bidirectional: boolean;
  batchFirst: boolean;
  hasBiases: boolean;
}

/** One layer-direction's parameters (w [G·H, in], b [G·H]); biases are null without `has_biases`. */
export interface DirectionWeights {
  wIh: tf.Tensor;
  wHh: tf.Tensor;
  bIh: tf.Tensor | null;
  bHh: tf.Tensor | null;
}

/** A 3-D sequence in its layout: [T, B, F] (`timeAxis` 0) or [B, T, F] (`timeAxis` 1). */
export interface Sequence {
  x: tf.Tensor;
  timeAxis: 0 | 1;
}

/**
 * Runs one direction of one layer: `init` holds the initial states, each [B, H] (h first).
 * Returns the h of every step as a sequence in the input's layout and the final states.
 */
export type Cell = (
  seq: Sequence,
  init: tf.Tensor[],
  w: DirectionWeights,
  reverse: boolean,
) => { y: tf.Tensor; final: tf.Tensor[] };

/** Parses the shared attributes; `proj_size` (LSTM projections) is not in the IR. */
export function rnnAttrs(attrs: Attrs, op: string): RnnAttrs {
  const projSize = attrs.proj_size;
  if (typeof projSize === 'number' && projSize > 0) {
    throw new OpError(`${op} with proj_size=${projSize} is not supported; use proj_size=0 or compute="kernel"`);
  }
  return {
    numLayers: intAttr(attrs, 'num_layers', 1),
    bidirectional: attrs.bidirectional === true,
    batchFirst: attrs.batch_first === true,
    hasBiases: attrs.has_biases !== false,
  };
}

/**
 * The shared body of `lstm` and `gru`: `inputs` are [x, states, params], where `states` is one
 * tensor (GRU's h0) or a list (LSTM's [h0, c0]), each [L·D, B, H] ([L·D, H] for unbatched x).
 * `gates` is the number of gate blocks in w_ih's rows (4 for LSTM, 3 for GRU).
 * Returns [y, ...final states] shaped like PyTorch's.
 */
export function runRnn(inputs: OpValue[], attrs: Attrs, op: string, gates: number, cell: Cell): tf.Tensor[] {
  const a = rnnAttrs(attrs, op);
  const x = tensorArg(inputs, 0);
  const states = Array.isArray(inputs[1]) ? tensorListArg(inputs, 1) : [tensorArg(inputs, 1)];
  const params = tensorListArg(inputs, 2);
  const dirs = a.bidirectional ? 2 : 1;

  if (x.rank !== 2 && x.rank !== 3) {
    throw new OpError(`${op} expects a 2-D (unbatched) or 3-D input, got shape [${x.shape}]`);
  }
  const batched = x.rank === 3;
  for (const s of states) {
    if (s.rank !== x.rank || s.shape[0] !== a.numLayers * dirs) {
      throw new OpError(
        `${op}: initial state of shape [${s.shape}] does not fit a ${x.rank}-D input with ` +
          `num_layers=${a.numLayers}, bidirectional=${a.bidirectional} (expected ${x.rank}-D, first dim ${a.numLayers * dirs})`,
      );
    }
  }
  const hidden = states[0].shape[x.rank - 1];
  const weights = groupWeights(params, a, op, gates, hidden);

  // Unbatched input is a batch of one, laid out time-major (as nn.LSTM / nn.GRU do).
  const seq: Sequence = batched
    ? { x, timeAxis: a.batchFirst ? 1 : 0 }
    : { x: tf.expandDims(x, 1), timeAxis: 0 };
  if (seq.x.shape[seq.timeAxis] === 0) {
    throw new OpError(`${op} expects a sequence length larger than 0`);
  }
  const batch = seq.x.shape[1 - seq.timeAxis];
  if (batched && states.some(s => s.shape[1] !== batch)) {
    throw new OpError(`${op}: input has batch size ${batch} but the initial state has shape [${states[0].shape}]`);
  }
  const init = states.map(s => unstack(batched ? s : tf.expandDims(s, 1), 0));

  let input = seq.x;
  const finals: tf.Tensor[][] = states.map(() => []);
  for (let layer = 0; layer < a.numLayers; layer++) {
    const ys: tf.Tensor[] = [];
    for (let d = 0; d < dirs; d++) {
      const k = layer * dirs + d;
      const { y, final } = cell({ x: input, timeAxis: seq.timeAxis }, init.map(s => s[k]), weights[k], d === 1);
      ys.push(y);
      final.forEach((f, i) => finals[i].push(f));
    }
    // Layer l > 0 reads the forward and reverse outputs side by side, as PyTorch.
    input = ys.length === 1 ? ys[0] : tf.concat(ys, 2);
  }

  const y = batched ? input : tf.squeeze(input, [1]);
  return [y, ...finals.map(f => (batched ? tf.stack(f) : tf.squeeze(tf.stack(f), [1])))];
}

/** Splits `_flat_weights` into one entry per layer-direction (layer-major, forward then reverse). */
function groupWeights(params: tf.Tensor[], a: RnnAttrs, op: string, gates: number, hidden: number): DirectionWeights[] {
  const dirs = a.bidirectional ? 2 : 1;
  const per = a.hasBiases ? 4 : 2;
  if (params.length !== a.numLayers * dirs * per) {
    const projHint = params.length === a.numLayers * dirs * (per + 1) ? ' (LSTM proj_size is not supported)' : '';
    throw new OpError(
      `${op} expects ${a.numLayers * dirs * per} parameters (num_layers=${a.numLayers}, ` +
        `bidirectional=${a.bidirectional}, has_biases=${a.hasBiases}), got ${params.length}${projHint}`,
    );
  }
  const out: DirectionWeights[] = [];
  for (let k = 0; k < a.numLayers * dirs; k++) {
    const [wIh, wHh, bIh, bHh] = params.slice(k * per, (k + 1) * per);
    if (wIh.rank !== 2 || wIh.shape[0] !== gates * hidden || wHh.rank !== 2 || wHh.shape[0] !== gates * hidden) {
      throw new OpError(
        `${op}: weights of layer-direction ${k} have shapes [${wIh.shape}] and [${wHh.shape}], ` +
          `expected [${gates * hidden}, input] and [${gates * hidden}, ${hidden}] for hidden size ${hidden}`,
      );
    }
    if (wHh.shape[1] !== hidden) {
      throw new OpError(`${op}: w_hh has shape [${wHh.shape}] but the hidden size is ${hidden} (proj_size is not supported)`);
    }
    out.push({ wIh, wHh, bIh: a.hasBiases ? bIh : null, bHh: a.hasBiases ? bHh : null });
  }
  return out;
}

/**
 * x·Wᵀ + b for every time step at once (one matMul), as a sequence of shape [T, B, G] or [B, T, G].
 */
export function projectInput(seq: Sequence, w: tf.Tensor, bias: tf.Tensor | null): tf.Tensor {
  const [d0, d1, features] = seq.x.shape;
  if (features !== w.shape[1]) {
    throw new OpError(`input has ${features} features but w_ih expects ${w.shape[1]}`);
  }
  const flat = tf.reshape(seq.x, [d0 * d1, features]);
  const projected = tf.fused.matMul({ a: flat, b: w, transposeB: true, bias: bias ?? undefined });
  return tf.reshape(projected, [d0, d1, w.shape[0]]);
}

/** The per-step slices of a sequence, in time order. */
export function timeSteps(t: tf.Tensor, timeAxis: 0 | 1): tf.Tensor[] {
  return unstack(t, timeAxis);
}

/**
 * tf.unstack, but differentiable when the axis has size 1: tfjs 4.22's Unpack gradient throws
 * ("Argument tensors passed to stack must be a `Tensor[]`") for a single output.
 */
function unstack(t: tf.Tensor, axis: number): tf.Tensor[] {
  return t.shape[axis] === 1 ? [tf.squeeze(t, [axis])] : tf.unstack(t, axis);
}

/**
 * Runs `step` over time (backwards when `reverse`) from `init`; state[0] is the output h.
 * Outputs are stacked once, in time order, along `timeAxis`.
 */
export function scan<X>(
  xs: X[],
  init: tf.Tensor[],
  step: (x: X, state: tf.Tensor[]) => tf.Tensor[],
  reverse: boolean,
  timeAxis: 0 | 1,
): { y: tf.Tensor; final: tf.Tensor[] } {
  const steps = xs.length;
  const hs: tf.Tensor[] = new Array(steps);
  let state = init;
  for (let i = 0; i < steps; i++) {
    const t = reverse ? steps - 1 - i : i;
    state = step(xs[t], state);
    hs[t] = state[0];
  }
  return { y: tf.stack(hs, timeAxis), final: state };
}
