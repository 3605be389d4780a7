import * as tf from '@tensorflow/tfjs';

import { Attrs, Lowering, OpError } from '../types';
import { optionalTensorArg, tensorArg } from '../util';

/**
 * `scaled_dot_product_attention(q, k, v, attn_mask?)` = softmax(q·kᵀ·scale + mask)·v, as
 * torch.nn.functional.scaled_dot_product_attention in eval (no dropout).
 *
 * q [..., L, E], k [..., S, E], v [..., S, Ev] → [..., L, Ev]; leading dims broadcast. A bool mask
 * is true where a query may attend; a float mask is added to the scores; `is_causal` attends to
 * keys j ≤ i (PyTorch's top-left aligned tril(ones(L, S))). With `enable_gqa`, k and v may have
 * fewer heads (dim −3) than q, each shared by a group of query heads.
 *
 * @example
 * const out = scaledDotProductAttention([q, k, v, null], { is_causal: true, scale: null }, ctx) as tf.Tensor;
 */
export const scaledDotProductAttention: Lowering = (inputs, attrs) => {
  let q = tensorArg(inputs, 0);
  let k = tensorArg(inputs, 1);
  let v = tensorArg(inputs, 2);
  const mask = optionalTensorArg(inputs, 3);
  const isCausal = attrs.is_causal === true;
  checkArgs(q, k, v, mask, isCausal, attrs);

  if (attrs.enable_gqa === true) {
    k = shareHeads(k, q, 'k');
    v = shareHeads(v, q, 'v');
  }
  // BatchMatMul's gradient does not reduce broadcast batch dims, so broadcast explicitly;
  // a no-op when the batch dims already agree.
  const batch = broadcastBatch([q, k, v]);
  [q, k, v] = [q, k, v].map(t => broadcastLeading(t, batch));

  const [seqQ, embed] = q.shape.slice(-2);
  const seqK = k.shape[k.rank - 2];
  const scale = typeof attrs.scale === 'number' ? attrs.scale : 1 / Math.sqrt(embed);
  let scores = tf.matMul(tf.mul(q, scale), k, false, true);
  if (isCausal) {
    scores = tf.add(scores, causalBias(seqQ, seqK));
  } else if (mask !== null) {
    scores = tf.add(scores, mask.dtype === 'bool' ? tf.where(mask, 0, -Infinity) : mask);
  }
  return tf.matMul(tf.softmax(scores), v);
};

function checkArgs(q: tf.Tensor, k: tf.Tensor, v: tf.Tensor, mask: tf.Tensor | null, isCausal: boolean, attrs: Attrs): void {
  if (q.rank < 2 || k.rank < 2 || v.rank < 2) {
    throw new OpError(`q, k and v must be at least 2-D ([..., L, E]), got [${q.shape}], [${k.shape}], [${v.shape}]`);
  }
  if (q.shape[q.rank - 1] !== k.shape[k.rank - 1] || k.shape[k.rank - 2] !== v.shape[v.rank - 2]) {
    throw new OpError(
      `q [..., L, E], k [..., S, E] and v [..., S, Ev] disagree: got [${q.shape}], [${k.shape}], [${v.shape}]`,
    );
  }
  if (mask !== null && isCausal) {
    throw new OpError('attn_mask must not be set when is_causal=True (as in PyTorch); fold the causal mask into attn_mask');
  }
  if (mask !== null && mask.dtype !== 'bool' && mask.dtype !== 'float32') {
    throw new OpError(`attn_mask must be bool or float, got ${mask.dtype}`);
  }
  const dropout = attrs.dropout_p;
  if (typeof dropout === 'number' && dropout > 0) {
    throw new OpError(`dropout_p=${dropout} is not supported (inference only); export the model in eval mode`);
  }
}

/** Grouped-query attention: repeats each of k's heads (dim −3) so there are as many as q's. */
function shareHeads(t: tf.Tensor, q: tf.Tensor, name: string): tf.Tensor {
  if (t.rank < 3 || q.rank < 3) return t;
  const heads = q.shape[q.rank - 3];
  const own = t.shape[t.rank - 3];
  if (own === heads) return t;
  if (heads % own !== 0) {
    throw new OpError(`enable_gqa: q has ${heads} heads, which is not a multiple of ${name}'s ${own}`);
  }
  // repeat_interleave along dim −3: [..., Hkv, S, E] → [..., Hkv, g, S, E] → [..., Hq, S, E].
  const axis = t.rank - 3;
  const expanded = tf.expandDims(t, axis + 1);
  const grouped = [...expanded.shape];
  grouped[axis + 1] = heads / own;
  const shape = [...t.shape];
  shape[axis] = heads;
  return tf.reshape(broadcastTo(expanded, grouped), shape);
}

/**
 * tf.broadcastTo with a gradient for any rank: tf.broadcastTo runs the Tile kernel, whose
 * gradient in tfjs 4.22 stops at rank 4 and slices once per repetition. Adding zeros
 * broadcasts the same way, and add's gradient sums over the broadcast dims.
 */
function broadcastTo(t: tf.Tensor, shape: number[]): tf.Tensor {
  return tf.add(t, tf.zeros(shape));
}

/** The broadcast of the tensors' leading (batch) dims, as torch.matmul. */
function broadcastBatch(ts: tf.Tensor[]): number[] {
  const batches = ts.map(t => t.shape.slice(0, -2));
  const rank = Math.max(...batches.map(b => b.length));
  const out: number[] = Array(rank).fill(1);
  for (const b of batches) {
    b.forEach((n, i) => {
      const j = rank - b.length + i;
      if (n !== 1 && out[j] !== 1 && out[j] !== n) {
        throw new OpError(`the batch dims of q, k and v do not broadcast: ${batches.map(s => `[${s}]`).join(', ')}`);
      }
      if (n !== 1) out[j] = n;
    });
  }
  return out;
}

function broadcastLeading(t: tf.Tensor, batch: number[]): tf.Tensor {
  const shape = [...batch, ...t.shape.slice(-2)];
  const same = shape.length === t.rank && shape.every((n, i) => n === t.shape[i]);
  return same ? t : broadcastTo(t, shape);
}

/** 0 where key j ≤ query i, −∞ elsewhere: [L, S]. */
function causalBias(seqQ: number, seqK: number): tf.Tensor2D {
  const bias = new Float32Array(seqQ * seqK);
  for (let i = 0; i < seqQ; i++) {
    bias.fill(-Infinity, i * seqK + i + 1, (i + 1) * seqK);
  }
  return tf.tensor2d(bias, [seqQ, seqK]);
}
