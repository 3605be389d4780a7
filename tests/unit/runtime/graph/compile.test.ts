/**
 * The compiler's contract on hand-written IR with test lowerings: taps by node, module path and
 * input; gradients w.r.t. inputs and taps (checked against derivatives worked out by hand);
 * errors naming op, module and node; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';

import { GraphError, UnsupportedOpError, compileGraph } from '../../../../src/runtime/graph';
import type { Lowering } from '../../../../src/runtime/ops';
import type { Tensor as WireTensor } from '../../../../src/transport';

const t = (v: tf.Tensor) => v as tf.Tensor;
const lowerings: Record<string, Lowering> = {
  scale: ([x], a) => tf.mul(t(x as tf.Tensor), a.by as number),
  square: ([x]) => tf.square(t(x as tf.Tensor)),
  plus: ([a, b]) => tf.add(a as tf.Tensor, b as tf.Tensor),
  total: ([x]) => tf.sum(x as tf.Tensor),
  rows: ([x]) => x as tf.Tensor, // identity: exercises shared-tensor freeing
  fail: () => {
    throw new Error('boom');
  },
  size0: ([x]) => (x as tf.Tensor).shape[0],
  ones3: () => tf.ones([3]),
  tile: ([x], a) => tf.tile(x as tf.Tensor, [a.n as number, 1])
};

const node = (name: string, op: string, inputs: unknown[], attrs: object = {}, module = '', moduleType = ''): {
  name: string; op: string; inputs: unknown[]; attrs: object; module: string; module_type: string; shape: null; dtype: string;
} => ({
  name, op, inputs, attrs, module, module_type: moduleType, shape: null, dtype: 'float32'
});

/** y = (2x)² + w; z = Σ y. Module "block" returns sq. */
function doc(extra: ReturnType<typeof node>[] = []) {
  return {
    format: 'netlens.ir',
    version: 1,
    inputs: [{ name: 'x', shape: ['batch', 3], dtype: 'float32' }],
    weights: [{ name: 'p_w', target: 'w', shape: [3], dtype: 'float32' }],
    nodes: [
      node('scaled', 'scale', ['x'], { by: 2 }, 'block.lin', 'Scale'),
      node('same', 'rows', ['scaled'], {}, 'block', 'Block'),
      node('sq', 'square', ['same'], {}, 'block', 'Block'),
      node('y', 'plus', ['sq', 'p_w']),
      ...extra,
      node('z', 'total', ['y'])
    ],
    outputs: ['z', 'y'],
    modules: { block: { type: 'Block', outputs: ['sq'] }, 'block.lin': { type: 'Scale', outputs: ['scaled'] } },
    symbols: { batch: { example: 2 } }
  };
}

const weights = (): Map<string, WireTensor> =>
  new Map([['p_w', { shape: [3], dtype: 'float32', data: new Float32Array([1, 2, 3]), dimNames: [], sourceDtype: 'float32' }]]);

async function values(x: tf.Tensor): Promise<number[]> {
  return Array.from(await x.data());
}

describe('compileGraph', () => {
  it('runs forward, reads taps by node, module path and input, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const g = compileGraph(doc(), weights(), { lowerings });
    const x = tf.tensor2d([[1, 2, 3], [0, -1, 1]]);
    const r = g.forward([x], { taps: ['block', 'block.lin', 'x', 'same'] });
    expect(await values(r.outputs[1])).toEqual([5, 18, 39, 1, 6, 7]);
    expect(await values(r.outputs[0])).toEqual([76]);
    expect(await values(r.taps.get('block')!)).toEqual([4, 16, 36, 0, 4, 4]);
    expect(await values(r.taps.get('block.lin')!)).toEqual([2, 4, 6, 0, -2, 2]);
    expect(r.taps.get('x')).toBe(x);
    r.outputs.forEach(o => o.dispose());
    r.taps.forEach((v, k) => k !== 'x' && !v.isDisposed && v.dispose());
    x.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differentiates w.r.t. the input: d/dx Σ((2x)² + w) = 8x', async () => {
    const before = tf.memory().numTensors;
    const g = compileGraph(doc(), weights(), { lowerings });
    const x = tf.tensor2d([[1, 2, 3], [0, -1, 1]]);
    const r = g.gradient([x], run => run.outputs[0].reshape([]) as tf.Scalar, { wrt: ['x'] });
    expect(await values(r.grads[0])).toEqual([8, 16, 24, 0, -8, 8]);
    expect(await values(r.value)).toEqual([76]);
    tf.dispose([r.value, ...r.grads, ...r.outputs, ...r.taps.values()]);
    x.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differentiates w.r.t. a tap named by module path: d/dh Σ(h² + w) = 2h', async () => {
    const g = compileGraph(doc(), weights(), { lowerings });
    const x = tf.tensor2d([[1, 2, 3], [0, -1, 1]]);
    const before = tf.memory().numTensors;
    const r = g.gradient([x], run => tf.sum(run.taps.get('block')!), { wrt: ['block.lin'], taps: ['block'] });
    expect(await values(r.grads[0])).toEqual([4, 8, 12, 0, -4, 4]);
    // Outputs and taps of the differentiated run stay readable.
    expect(await values(r.taps.get('block')!)).toEqual([4, 16, 36, 0, 4, 4]);
    expect(await values(r.outputs[0])).toEqual([76]);
    tf.dispose([r.value, ...r.grads, ...r.outputs, ...r.taps.values()]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    g.dispose();
  });

  it('computes nodes that read no input (constants, masks) when differentiating w.r.t. the input', async () => {
    const d = doc();
    d.nodes.splice(4, 0, node('c', 'ones3', []), node('y2', 'plus', ['y', 'c']));
    d.nodes[d.nodes.length - 1].inputs = ['y2'];
    const g = compileGraph(d, weights(), { lowerings });
    const x = tf.tensor2d([[1, 2, 3]]);
    const r = g.gradient([x], run => run.outputs[0].reshape([]) as tf.Scalar, { wrt: ['x'] });
    expect(await values(r.value)).toEqual([4 + 16 + 36 + 6 + 3]);
    expect(await values(r.grads[0])).toEqual([8, 16, 24]);
    tf.dispose([r.value, ...r.grads, ...r.outputs]);
    x.dispose();
    g.dispose();
  });

  it('lists every unsupported op with its module path and offers the kernel path', () => {
    const d = doc([node('u1', 'unfold', ['y'], {}, 'features.3', 'Unfold'), node('u2', 'fft', ['y'], {}, 'head', 'FFT')]);
    let err: unknown;
    try {
      compileGraph(d, weights(), { lowerings });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UnsupportedOpError);
    expect((err as Error).message).toMatch(/unfold at features\.3 \(Unfold\), fft at head \(FFT\)/);
    expect((err as Error).message).toMatch(/compute="kernel"/);
  });

  it('names op, module and node when an op fails, and frees what it made', () => {
    const g = compileGraph(doc([node('bad', 'fail', ['y'], {}, 'head.proj', 'Linear')]), weights(), { lowerings });
    const x = tf.ones([1, 3]);
    const before = tf.memory().numTensors;
    expect(() => g.forward([x])).toThrow(/fail at head\.proj \(Linear\), node bad: boom/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    g.dispose();
  });

  it('rejects inputs that do not fit the exported shapes, naming the input', () => {
    const g = compileGraph(doc(), weights(), { lowerings });
    const x = tf.ones([2, 4]);
    expect(() => g.forward([x])).toThrow(/input x has shape \[2, 4\], the model was exported for \[batch, 3\]/);
    expect(() => g.forward([])).toThrow(/takes 1 input \(x\), got 0/);
    x.dispose();
    g.dispose();
  });

  it('suggests close names for an unknown tap', () => {
    const g = compileGraph(doc(), weights(), { lowerings });
    const x = tf.ones([1, 3]);
    expect(() => g.forward([x], { taps: ['blok'] })).toThrow(/did you mean "block"/);
    x.dispose();
    g.dispose();
  });

  it('resolves symbolic ints into attributes (dynamic batch)', async () => {
    const d = doc();
    d.nodes.splice(4, 0, node('n', 'size0', ['x']), node('tiled', 'tile', ['y'], { n: { ref: 'n' } }));
    d.outputs = ['tiled'];
    const g = compileGraph(d, weights(), { lowerings });
    const x = tf.ones([3, 3]);
    const r = g.forward([x]);
    expect(r.outputs[0].shape).toEqual([9, 3]);
    tf.dispose(r.outputs);
    x.dispose();
    g.dispose();
  });

  it('checks the document: version, refs, weights', () => {
    expect(() => compileGraph({ ...doc(), version: 99 }, weights(), { lowerings })).toThrow(/version 99/);
    const d = doc();
    d.nodes[0].inputs = ['nope'];
    expect(() => compileGraph(d, weights(), { lowerings })).toThrow(GraphError);
    expect(() => compileGraph(doc(), new Map(), { lowerings })).toThrow(/weight p_w \(w\) did not arrive/);
  });
});
