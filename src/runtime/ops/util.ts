/**
 * Small helpers shared by op lowerings: PyTorch's dim conventions and argument checks.
 */
import * as tf from '@tensorflow/tfjs';

import { AttrValue, OpError, OpValue } from './types';

/** PyTorch dim → axis in [0, rank): negative dims count from the end. */
export function normDim(dim: number, rank: number): number {
  const d = dim < 0 ? dim + rank : dim;
  if (d < 0 || d >= Math.max(rank, 1)) {
    throw new OpError(`dim ${dim} is out of range for a tensor of rank ${rank}`);
  }
  return d;
}

/** The i-th input as a tensor; throws when it is absent or not a tensor. */
export function tensorArg(inputs: OpValue[], i: number): tf.Tensor {
  const v = inputs[i];
  if (v === null || v === undefined || typeof v !== 'object' || Array.isArray(v)) {
    throw new OpError(`input ${i} must be a tensor, got ${describe(v)}`);
  }
  return v;
}

/** The i-th input as a tensor or null (optional tensor such as a bias). */
export function optionalTensorArg(inputs: OpValue[], i: number): tf.Tensor | null {
  const v = inputs[i];
  return v === null || v === undefined ? null : tensorArg(inputs, i);
}

/** The i-th input as a list of tensors (cat, stack, einsum, lstm params). */
export function tensorListArg(inputs: OpValue[], i: number): tf.Tensor[] {
  const v = inputs[i];
  if (!Array.isArray(v)) {
    throw new OpError(`input ${i} must be a list of tensors, got ${describe(v)}`);
  }
  return v.map((_, j) => tensorArg(v, j));
}

/** An int attribute. */
export function intAttr(attrs: Record<string, AttrValue>, key: string, fallback?: number): number {
  const v = attrs[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) {
    throw new OpError(`attribute ${key} must be a number, got ${JSON.stringify(v)}`);
  }
  return v;
}

/** An int-list attribute (a single int is repeated `n` times, as PyTorch's `_pair`). */
export function intsAttr(attrs: Record<string, AttrValue>, key: string, n?: number): number[] {
  const v = attrs[key];
  if (typeof v === 'number' && n !== undefined) {
    return Array(n).fill(v);
  }
  if (!Array.isArray(v) || !v.every(x => typeof x === 'number')) {
    throw new OpError(`attribute ${key} must be a list of ints, got ${JSON.stringify(v)}`);
  }
  const ints = v as number[];
  return n !== undefined && ints.length === 1 ? Array(n).fill(ints[0]) : ints;
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  return typeof v === 'object' ? 'a tensor' : `${typeof v} ${String(v)}`;
}

/**
 * `f` with zero gradients for all its inputs. tf.grad throws on an op with no registered
 * gradient (Equal, Less, LogicalAnd, …) anywhere on the path from a variable, even when the
 * op only builds a mask; PyTorch gives int and bool results no gradient anyway.
 *
 * @example
 * const mask = noGradient((a, b) => tf.greater(a, b))(x, y);
 */
export function noGradient(f: (...xs: tf.Tensor[]) => tf.Tensor): (...xs: tf.Tensor[]) => tf.Tensor {
  return (...xs) => {
    if (xs.length === 0) return f();
    const shapes = xs.map(x => x.shape);
    const wrapped = tf.customGrad((...args: unknown[]) => ({
      value: f(...(args.slice(0, xs.length) as tf.Tensor[])),
      gradFunc: () => shapes.map(s => tf.zeros(s, 'float32')),
    }));
    return wrapped(...xs);
  };
}

/**
 * `tf.cast` whose result owns data of the new dtype. tfjs-backend-webgpu 4.22 implements the
 * widening casts (bool → int32/float32, int32 → float32) by relabelling the input's buffer, and
 * kernels that index their input directly (transpose, reductions, matmul, …) then read it with
 * the old type: wrong values, or a shader that fails validation. Widening here goes through an
 * elementwise kernel, which converts; narrowing casts (float → int32, any → bool) are real
 * kernels already.
 *
 * @example
 * const f = castExact(tf.tensor([1, 2, 3], [3], 'int32'), 'float32');
 */
export function castExact(x: tf.Tensor, dtype: 'float32' | 'int32' | 'bool'): tf.Tensor {
  if (x.dtype === dtype || dtype === 'bool' || x.dtype === 'float32') return tf.cast(x, dtype);
  if (x.dtype === 'bool') return tf.where(x, tf.scalar(1, dtype), tf.scalar(0, dtype));
  return tf.add(tf.cast(x, 'float32'), tf.scalar(0));
}

/**
 * `tf.transpose` that is exact for every dtype. tfjs-backend-webgpu 4.22 miscompiles int32 and
 * bool transposes other than a 2-D swap (tests/webgpu/quirks.test.ts: the shader writes an i32
 * into an f32 output and the whole command buffer is dropped), so those gather the elements by
 * their permuted flat index instead. An identity permutation costs nothing.
 *
 * @example
 * const t = transposeExact(tf.tensor([1, 2, 3, 4, 5, 6, 7, 8], [2, 2, 2], 'int32'), [2, 0, 1]);
 */
export function transposeExact(x: tf.Tensor, perm: number[]): tf.Tensor {
  if (perm.every((p, i) => p === i)) return tf.reshape(x, x.shape);
  if (x.dtype === 'float32' || x.rank <= 2) return tf.transpose(x, perm);
  return noGradient(t => {
    const shape = perm.map(p => t.shape[p]);
    const strides = t.shape.map((_, i) => t.shape.slice(i + 1).reduce((a, b) => a * b, 1));
    // Flat index into t of every output element: Σ_k coord_k · stride(perm[k]).
    const source = shape
      .map((n, k) =>
        tf.mul(tf.reshape(tf.range(0, n, 1, 'int32'), shape.map((m, j) => (j === k ? m : 1))), tf.scalar(strides[perm[k]], 'int32'))
      )
      .reduce((acc, ramp) => tf.add(acc, ramp));
    return tf.reshape(tf.gather(tf.reshape(t, [-1]), tf.reshape(source, [-1])), shape);
  })(x);
}

/**
 * `tf.gather(x, indices, axis)` for 1-D int32 indices, differentiable when the indices are
 * computed from the tensor being differentiated (argmax, comparisons, …): tfjs returns the int
 * indices themselves as their "gradient", which tf.grad rejects; here they get zeros and x gets
 * the scatter-added output gradient, as tfjs computes it.
 *
 * @example
 * const rows = gatherAxis(x, tf.argMax(scores, 0), 0);
 */
export function gatherAxis(x: tf.Tensor, indices: tf.Tensor, axis: number): tf.Tensor {
  const shape = x.shape;
  const f = tf.customGrad((...args: unknown[]) => {
    const [t, i, save] = args as [tf.Tensor, tf.Tensor, tf.GradSaveFunc];
    save([i]);
    return {
      value: tf.gather(t, i, axis),
      gradFunc: (dy: tf.Tensor, [saved]: tf.Tensor[]) => {
        const front = [axis, ...shape.map((_, k) => k).filter(k => k !== axis)];
        const back = front.map((_, k) => front.indexOf(k));
        const summed = tf.unsortedSegmentSum(tf.transpose(dy, front), saved as tf.Tensor1D, shape[axis]);
        return [tf.transpose(summed, back), tf.zeros(saved.shape)];
      },
    };
  });
  return f(x, indices);
}
