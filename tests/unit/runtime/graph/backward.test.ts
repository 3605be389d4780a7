/**
 * The custom reverse pass (runtime/graph/backward.ts) with no rule is ordinary backpropagation:
 * on every model of the bridge's suite it gives torch.autograd's gradient (the fixtures' "grad:"
 * entries, L = Σ_k sum(output_k · R_k)) within the same tolerance as tfjs's own gradient.
 * Also: a rule replaces one op's backward; `replace`, `at`, `trace` and `derive` behave; nothing leaks.
 */
import * as fs from 'fs';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import { backward, compileGraph } from '../../../../src/runtime/graph';
import { decodeTensors } from '../../../../src/transport';
import type { Tensor as WireTensor } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { FIXTURES_DIR, readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';
import { relativeError } from '../ops/cases';

const GRAD_RTOL = 1e-3;
const MODELS_DIR = path.join(FIXTURES_DIR, 'models');
const names = fs.existsSync(MODELS_DIR) ? fs.readdirSync(MODELS_DIR).filter(n => fs.existsSync(path.join(MODELS_DIR, n, 'ir.json'))).sort() : [];
const toTf = (w: WireTensor): tf.Tensor => tf.tensor(w.data, w.shape, w.dtype);

function load(name: string) {
  const ir = readFixtureJson<{ inputs: { name: string }[]; outputs: string[] }>(`models/${name}/ir.json`);
  const meta = readFixtureJson<{ grad_wrt: string[] }>(`models/${name}/meta.json`);
  return {
    ir,
    meta,
    weights: decodeTensors(readFixtureBytes(`models/${name}/weights.arrow`)),
    inputs: decodeTensors(readFixtureBytes(`models/${name}/inputs.arrow`)),
    expected: decodeTensors(readFixtureBytes(`models/${name}/expected.arrow`))
  };
}

describe(`backward() on ${TEST_BACKEND}`, () => {
  it('finds the suite', () => expect(names.length).toBeGreaterThanOrEqual(11));

  for (const name of names) {
    it(`${name}: with no rule, equals torch.autograd within ${GRAD_RTOL}`, async () => {
      const { ir, meta, weights, inputs, expected } = load(name);
      const before = tf.memory().numTensors;
      const g = compileGraph(ir, weights);
      const xs = ir.inputs.map(i => toTf(inputs.get(i.name)!));
      const seeds = new Map<string, tf.Tensor>();
      ir.outputs.forEach((ref, k) => {
        const r = expected.get(`R:${k}`);
        if (r) seeds.set(ref, toTf(r));
      });
      const trace = g.trace(xs);
      try {
        for (const ref of meta.grad_wrt) {
          const grad = backward(g, trace, { wrt: ref, seeds });
          const err = relativeError((await grad.data()) as Float32Array, expected.get(`grad:${ref}`)!.data as Float32Array);
          grad.dispose();
          if (!(err <= GRAD_RTOL)) throw new Error(`${name} w.r.t. ${ref}: relative error ${err.toExponential(2)}`);
        }
      } finally {
        trace.dispose();
        tf.dispose([...xs, ...seeds.values()]);
        g.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    }, 300_000);
  }
});

/** y = relu(x · w); out = Σ y. */
const tiny = {
  format: 'netlens.ir',
  version: 1,
  inputs: [{ name: 'x', shape: ['batch', 3], dtype: 'float32' }],
  weights: [{ name: 'p_w', target: 'lin.weight', shape: [3], dtype: 'float32' }],
  nodes: [
    { name: 'lin', op: 'mul', inputs: ['x', 'p_w'], attrs: {}, module: 'lin', module_type: 'Scale', shape: null, dtype: 'float32' },
    { name: 'act', op: 'relu', inputs: ['lin'], attrs: {}, module: 'act', module_type: 'ReLU', shape: null, dtype: 'float32' },
    { name: 'out', op: 'sum', inputs: ['act'], attrs: { dim: [1], keepdim: false }, module: '', module_type: '', shape: null, dtype: 'float32' }
  ],
  outputs: ['out'],
  modules: { lin: { type: 'Scale', outputs: ['lin'] }, act: { type: 'ReLU', outputs: ['act'] } },
  symbols: { batch: { example: 1 } }
};
const tinyWeights = (): Map<string, WireTensor> =>
  new Map([['p_w', { shape: [3], dtype: 'float32', data: new Float32Array([1, -2, 3]), dimNames: [], sourceDtype: 'float32' }]]);

describe(`graph extensions on ${TEST_BACKEND}`, () => {
  it('a rule replaces one op\'s backward (deconvnet ReLU: relu of the cotangent)', async () => {
    const before = tf.memory().numTensors;
    const g = compileGraph(tiny, tinyWeights());
    const x = tf.tensor2d([[1, 1, -1]]);
    const trace = g.trace([x]);
    const seeds = new Map([['out', tf.tensor1d([-1])]]);
    const plain = backward(g, trace, { wrt: 'x', seeds });
    // d out/dx = w · [xw > 0] · seed: xw = [1, -2, -3] → only the first passes.
    expect(Array.from(await plain.data(), v => v + 0)).toEqual([-1, 0, 0]);
    const deconv = backward(g, trace, {
      wrt: 'x',
      seeds,
      rule: ctx => (ctx.node.op === 'relu' ? [tf.relu(ctx.cotangent as tf.Tensor)] : undefined)
    });
    expect(Array.from(await deconv.data(), v => v + 0)).toEqual([0, 0, 0]);
    const toAct = backward(g, trace, { wrt: 'act', seeds });
    expect(Array.from(await toAct.data())).toEqual([-1, -1, -1]);
    tf.dispose([plain, deconv, toAct, x, ...seeds.values()]);
    trace.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('forward with `replace` reads the substituted value downstream', async () => {
    const g = compileGraph(tiny, tinyWeights());
    const x = tf.tensor2d([[1, 1, 1]]);
    const lin = tf.tensor2d([[5, -1, 2]]);
    const r = g.forward([x], { replace: new Map([['lin', lin]]), taps: ['lin'] });
    expect(r.taps.get('lin')).toBe(lin);
    expect(Array.from(await r.outputs[0].data())).toEqual([7]);
    tf.dispose([...r.outputs, x, lin]);
    g.dispose();
  });

  it('gradient `at` a given value of a tap', async () => {
    const g = compileGraph(tiny, tinyWeights());
    const x = tf.tensor2d([[1, 1, 1]]);
    const at = tf.tensor2d([[5, -1, 2]]);
    const r = g.gradient([x], run => tf.sum(run.outputs[0]) as tf.Scalar, { wrt: ['lin'], at: [at] });
    expect(Array.from(await r.grads[0].data())).toEqual([1, 0, 1]);
    expect(await r.value.data()).toEqual(new Float32Array([7]));
    tf.dispose([r.value, ...r.grads, ...r.outputs, x, at]);
    g.dispose();
  });

  it('derive() swaps weights without owning them; the base graph keeps its own', async () => {
    const before = tf.memory().numTensors;
    const g = compileGraph(tiny, tinyWeights());
    const w = tf.tensor1d([1, 1, 1]);
    const d = g.derive({ weights: new Map([['p_w', w]]) });
    const x = tf.tensor2d([[1, 2, 3]]);
    const a = d.forward([x]);
    const b = g.forward([x]);
    expect(Array.from(await a.outputs[0].data())).toEqual([6]);
    expect(Array.from(await b.outputs[0].data())).toEqual([10]);
    d.dispose();
    expect(w.isDisposed).toBe(false);
    expect(() => g.derive({ weights: new Map([['p_w', tf.zeros([2])]]) })).toThrow(/shape \[2\]/);
    tf.dispose([...a.outputs, ...b.outputs, x, w]);
    g.dispose();
    expect(tf.memory().numTensors).toBe(before + 1); // the rejected zeros([2]) above
  });
});
