/**
 * What the value comparisons of the tensor_* reference cases (cases.ts) do not check: output
 * dtypes as PyTorch's (int32 stays int32, comparisons give bool), tf.grad through masks and
 * indices computed from the differentiated tensor (tfjs has no gradient for Equal, Less, …),
 * and OpErrors for what the lowerings refuse.
 */
import * as tf from '@tensorflow/tfjs';

import { OPS, OpError } from '../../../../src/runtime/ops';
import type { OpValue } from '../../../../src/runtime/ops';
import { TEST_BACKEND } from '../../../jest/backend';
import { readFixtureJson } from '../../../jest/fixtures';
import type { OpCase } from './cases';

const GROUPS = ['tensor_elementwise', 'tensor_reduce', 'tensor_linalg', 'tensor_shape', 'tensor_index', 'tensor_create'];
const ctx = { name: 'test', op: 'test', module: '' };

interface JsonTensor {
  tensor: { shape: number[]; dtype: 'float32' | 'int32' | 'bool'; data: number[] };
}

function isTensor(v: unknown): v is JsonTensor {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && 'tensor' in v;
}

function build(v: unknown): OpValue {
  if (Array.isArray(v)) return v.map(build);
  if (isTensor(v)) {
    const { shape, dtype, data } = v.tensor;
    return tf.tensor(dtype === 'bool' ? data.map(Boolean) : data, shape, dtype);
  }
  return v as OpValue;
}

function kindOf(v: unknown): string {
  if (v instanceof tf.Tensor) return v.dtype;
  if (isTensor(v)) return v.tensor.dtype;
  return typeof v;
}

function run(op: string, inputs: OpValue[], attrs: Record<string, unknown> = {}): OpValue {
  return OPS[op](inputs, attrs as Record<string, never>, { ...ctx, op });
}

describe(`tensor ops keep PyTorch's dtypes on ${TEST_BACKEND}`, () => {
  for (const group of GROUPS) {
    it(group, () => {
      const { cases } = readFixtureJson<{ cases: OpCase[] }>(`ops/${group}.json`);
      const mismatches: string[] = [];
      for (const c of cases) {
        const inputs = c.inputs.map(build);
        const outs = tf.tidy(() => run(c.op, inputs, c.attrs) as tf.TensorContainer) as OpValue;
        const list = c.multi ? (outs as OpValue[]) : [outs];
        c.expected.forEach((e, k) => {
          if (kindOf(list[k]) !== kindOf(e)) mismatches.push(`${c.id} output ${k}: ${kindOf(list[k])}, PyTorch ${kindOf(e)}`);
        });
        tf.dispose([outs as tf.TensorContainer, inputs as tf.TensorContainer]);
      }
      expect(mismatches).toEqual([]);
    });
  }
});

describe(`tf.grad through masks and indices computed from x on ${TEST_BACKEND}`, () => {
  const x = (): tf.Tensor => tf.tensor([[0.5, -1, 2], [3, 3, -0.25]]);

  async function gradOf(f: (t: tf.Tensor) => tf.Tensor): Promise<number[]> {
    const before = tf.memory().numTensors;
    const input = x();
    const g = tf.grad(t => tf.sum(f(t)))(input);
    const data = Array.from(await g.data());
    tf.dispose([g, input]);
    expect(tf.memory().numTensors).toBe(before);
    return data;
  }

  it('where(gt(x, 0), x, 0) — a relu by comparison', async () => {
    const g = await gradOf(t => run('where', [run('gt', [t, 0]), t, 0]) as tf.Tensor);
    expect(g).toEqual([1, 0, 1, 1, 1, 0]);
  });

  it('masked_fill(x, eq(x, amax(x)), 0) — ties in the mask too', async () => {
    const g = await gradOf(t => {
      const top = run('amax', [t], { dim: [1], keepdim: true });
      return run('masked_fill', [t, run('eq', [t, top]), 0]) as tf.Tensor;
    });
    expect(g).toEqual([1, 1, 0, 0, 0, 1]);
  });

  it('x · cast(logical_and(x > -1, x < 3)) — logic and cast on the path', async () => {
    const g = await gradOf(t => {
      const inside = run('logical_and', [run('gt', [t, -1]), run('lt', [t, 3])]);
      return run('mul', [t, run('cast', [inside], { dtype: 'float32' })]) as tf.Tensor;
    });
    expect(g).toEqual([1, 0, 1, 0, 0, 1]);
  });

  it('gather(x, argmax index permuted as int32) — int index math from x', async () => {
    const g = await gradOf(t => {
      const idx = run('unsqueeze', [run('argmax', [t], { dim: 1, keepdim: false })], { dim: 1 }) as tf.Tensor;
      const idx3 = run('permute', [run('unsqueeze', [idx], { dim: 0 })], { dims: [1, 2, 0] }) as tf.Tensor;
      return run('gather', [t, run('reshape', [idx3], { shape: [2, 1] })], { dim: 1 }) as tf.Tensor;
    });
    expect(g).toEqual([0, 0, 1, 1, 0, 0]);
  });

  it('detach stops the gradient, div with rounding has none', async () => {
    expect(await gradOf(t => run('add', [run('detach', [t]), t], { alpha: 1 }) as tf.Tensor)).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await gradOf(t => run('div', [t, 2], { rounding_mode: 'floor' }) as tf.Tensor)).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

describe('tensor ops refuse what they cannot do with an OpError', () => {
  const refusals: [string, () => OpValue][] = [
    ['einsum diagonal', () => run('einsum', [[tf.ones([3, 3])]], { equation: 'ii->i' })],
    ['einsum operand count', () => run('einsum', [[tf.ones([3, 3])]], { equation: 'ij,jk->ik' })],
    ['pad reflect', () => run('pad', [tf.ones([2, 3])], { pad: [1, 1], mode: 'reflect', value: 0 })],
    ['matmul shapes', () => run('matmul', [tf.ones([2, 3]), tf.ones([4, 5])])],
    ['reshape size', () => run('reshape', [tf.ones([2, 3])], { shape: [4, -1] })],
    ['neg of bool', () => run('neg', [tf.tensor([true, false], [2], 'bool')])],
    ['cast dtype', () => run('cast', [tf.ones([2])], { dtype: 'float16' })],
    ['div rounding mode', () => run('div', [tf.ones([2]), 2], { rounding_mode: 'round' })],
    ['int to a negative power', () => run('pow', [tf.tensor([2, 3], [2], 'int32'), -1])],
    ['select out of range', () => run('select', [tf.ones([2, 3])], { dim: 1, index: 3 })],
    ['bool mask shape', () => run('index', [tf.ones([2, 3]), [tf.tensor([true], [1], 'bool')]])],
  ];
  for (const [what, f] of refusals) {
    it(what, () => {
      expect(() => tf.tidy(() => f() as tf.TensorContainer)).toThrow(OpError);
    });
  }
});
