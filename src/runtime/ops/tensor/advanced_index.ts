import * as tf from '@tensorflow/tfjs';

import { OpError } from '../types';
import type { Lowering, OpValue } from '../types';
import { gatherAxis, tensorArg, transposeExact } from '../util';
import { broadcastShape } from './matmul';
import { linearIndex, stridesOf, wrapIndex } from './indices';

/**
 * `index(x, [indices?…])` = x[i0, i1, …] (PyTorch advanced indexing): one int or bool index
 * tensor or null (= `:`) per leading dim. Int index tensors broadcast together; their shape
 * replaces the indexed dims in place when those are adjacent, else it goes first. A bool mask
 * stands for its nonzero() coordinates, so its values are read back synchronously (the output
 * shape depends on them; slow on GPU backends).
 */
export const index: Lowering = (inputs, _attrs) => {
  const x = tensorArg(inputs, 0);
  const list = inputs[1];
  if (!Array.isArray(list)) throw new OpError('index takes a list of index tensors (null for ":") as input 1');
  const perDim = expandMasks(list, x.shape);
  if (perDim.length > x.rank) throw new OpError(`too many indices (${perDim.length}) for a tensor of rank ${x.rank}`);
  const dims = perDim.map((t, i) => (t === null ? -1 : i)).filter(i => i >= 0);
  if (dims.length === 0) return tf.reshape(x, x.shape);
  const idx = dims.map(i => wrapIndex(perDim[i] as tf.Tensor, x.shape[i]));
  const shape = idx.map(t => t.shape).reduce(broadcastShape);
  const rest = [...Array(x.rank).keys()].filter(i => !dims.includes(i));
  const adjacent = dims.every((d, k) => d === dims[0] + k);
  // Indexed dims first: gather rows of x viewed as [Π indexed sizes, ...rest].
  const moved = transposeExact(x, [...dims, ...rest]);
  const sizes = dims.map(i => x.shape[i]);
  const restShape = rest.map(i => x.shape[i]);
  const flat = tf.reshape(moved, [sizes.reduce((p, n) => p * n, 1), ...restShape]);
  const rows = tf.reshape(tf.broadcastTo(linearIndex(idx, stridesOf(sizes)), shape), [-1]);
  const picked = tf.reshape(gatherAxis(flat, rows, 0), [...shape, ...restShape]);
  if (!adjacent || dims[0] === 0) return picked;
  // Adjacent indexed dims: the index shape goes where they were, after the leading ':' dims.
  const b = shape.length;
  const lead = dims[0];
  const back = [...Array(lead).keys()].map(i => b + i);
  const perm = [...back, ...[...Array(b).keys()], ...[...Array(restShape.length - lead).keys()].map(i => b + lead + i)];
  return transposeExact(picked, perm);
};

/** The mask's values (bool data is a Uint8Array), or an OpError where the backend cannot read synchronously. */
function readMask(mask: tf.Tensor): Uint8Array {
  try {
    return mask.dataSync() as Uint8Array;
  } catch (e) {
    throw new OpError(
      `x[bool_mask] needs the mask's values to size its output, and this backend cannot read them synchronously ` +
        `(${(e as Error).message}); use torch.where or masked_fill in the model instead`
    );
  }
}

/** Replaces each k-dim bool mask by k int32 coordinate tensors (its nonzero()), read synchronously. */
function expandMasks(list: OpValue[], shape: number[]): (tf.Tensor | null)[] {
  const out: (tf.Tensor | null)[] = [];
  list.forEach((v, i) => {
    if (v === null || v === undefined) {
      out.push(null);
      return;
    }
    if (!(v instanceof tf.Tensor)) throw new OpError(`index ${i} must be a tensor or null`);
    if (v.dtype !== 'bool') {
      out.push(v);
      return;
    }
    const at = out.length;
    const dims = shape.slice(at, at + v.rank);
    if (v.rank === 0 || dims.length < v.rank || dims.some((n, k) => n !== v.shape[k])) {
      throw new OpError(`bool index of shape [${v.shape}] does not match x's dims [${dims}] at dim ${at}`);
    }
    const values = readMask(v);
    const strides = stridesOf(v.shape);
    const coords: number[][] = v.shape.map(() => []);
    values.forEach((on, flatIndex) => {
      if (!on) return;
      strides.forEach((s, k) => coords[k].push(Math.floor(flatIndex / s) % v.shape[k]));
    });
    coords.forEach(c => out.push(tf.tensor1d(c, 'int32')));
  });
  return out;
}
