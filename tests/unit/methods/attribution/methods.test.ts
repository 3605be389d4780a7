/**
 * What the Captum comparison does not cover: Captum's integration points, LRP's conservation
 * through residual additions (Captum's LRP cannot do those), errors a user can act on, progress
 * and cancellation, and the blurred baseline's definition — on the backend under test.
 */
import * as tf from '@tensorflow/tfjs';

import {
  AttributionError,
  ExplainedModel,
  CancelledError,
  classTarget,
  gaussianBlur,
  integratedGradients,
  lrp,
  makeBaseline,
  occlusion,
  quadrature,
  runMethod,
  type TargetSpec
} from '../../../../src/methods/attribution';
import { compileGraph, type CompiledGraph } from '../../../../src/runtime/graph';
import { decodeTensors } from '../../../../src/transport';
import type { Tensor as WireTensor } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';

const toTf = (w: WireTensor): tf.Tensor => tf.tensor(w.data, w.shape, w.dtype);

function suiteModel(name: string): { g: CompiledGraph; xs: tf.Tensor[] } {
  const ir = readFixtureJson<{ inputs: { name: string }[] }>(`models/${name}/ir.json`);
  const g = compileGraph(ir, decodeTensors(readFixtureBytes(`models/${name}/weights.arrow`)));
  const inputs = decodeTensors(readFixtureBytes(`models/${name}/inputs.arrow`));
  return { g, xs: ir.inputs.map(i => toTf(inputs.get(i.name)!)) };
}

async function withModel(name: string, at: string | undefined, body: (m: ExplainedModel) => Promise<void>): Promise<void> {
  const before = tf.memory().numTensors;
  const { g, xs } = suiteModel(name);
  const m = new ExplainedModel(g, xs, { at });
  try {
    await body(m);
  } finally {
    m.dispose();
    tf.dispose(xs);
    g.dispose();
  }
  expect(tf.memory().numTensors).toBe(before);
}

describe(`integration points on ${TEST_BACKEND}`, () => {
  const rows = readFixtureJson<{ method: string; n: number; alphas: number[]; weights: number[] }[]>('attribution/quadrature.json');
  it.each(rows.map(r => [r.method, r.n, r]))('%s with %i steps equals Captum\'s', (_m, _n, r) => {
    const q = quadrature(r.method, r.n);
    q.alphas.forEach((a, i) => expect(Math.abs(a - r.alphas[i])).toBeLessThan(1e-7));
    q.weights.forEach((w, i) => expect(Math.abs(w - r.weights[i])).toBeLessThan(1e-12));
  });

  it('rejects unknown methods and too few steps', () => {
    expect(() => quadrature('simpson', 10)).toThrow(/unknown integration method "simpson"; valid: gausslegendre, riemann_left/);
    expect(() => quadrature('riemann_left', 1)).toThrow(/at least 2 steps/);
  });
});

/** y = W2 · (relu(W1 x) + x) + relu(W3 x) ... bias-free, with a residual addition: LRP-ε conserves f(x). */
const residualIR = {
  format: 'netlens.ir',
  version: 1,
  inputs: [{ name: 'x', shape: ['batch', 4], dtype: 'float32' }],
  weights: [
    { name: 'w1', target: 'fc1.weight', shape: [4, 4], dtype: 'float32' },
    { name: 'w2', target: 'fc2.weight', shape: [3, 4], dtype: 'float32' }
  ],
  nodes: [
    { name: 'h', op: 'linear', inputs: ['x', 'w1', null], attrs: {}, module: 'fc1', module_type: 'Linear', shape: ['batch', 4], dtype: 'float32' },
    { name: 'r', op: 'relu', inputs: ['h'], attrs: {}, module: 'act', module_type: 'ReLU', shape: ['batch', 4], dtype: 'float32' },
    { name: 's', op: 'add', inputs: ['r', 'x'], attrs: { alpha: 1 }, module: '', module_type: '', shape: ['batch', 4], dtype: 'float32' },
    { name: 'y', op: 'linear', inputs: ['s', 'w2', null], attrs: {}, module: 'fc2', module_type: 'Linear', shape: ['batch', 3], dtype: 'float32' }
  ],
  outputs: ['y'],
  modules: { fc1: { type: 'Linear', outputs: ['h'] }, fc2: { type: 'Linear', outputs: ['y'] } },
  symbols: { batch: { example: 2 } }
};
const residualWeights = (): Map<string, WireTensor> =>
  new Map([
    ['w1', { shape: [4, 4], dtype: 'float32', data: new Float32Array([0.5, -1, 0.3, 0.2, 1, 0.4, -0.6, 0.1, -0.2, 0.7, 0.9, -0.5, 0.3, 0.3, -0.1, 0.8]), dimNames: [], sourceDtype: 'float32' }],
    ['w2', { shape: [3, 4], dtype: 'float32', data: new Float32Array([1, 0.5, -0.3, 0.2, -0.4, 0.6, 0.8, 1.1, 0.2, -0.9, 0.4, 0.3]), dimNames: [], sourceDtype: 'float32' }]
  ]);

describe(`LRP on ${TEST_BACKEND}`, () => {
  it('conserves relevance through a residual addition (bias-free): Σ R = f(x) for ε, γ, α1β0; α2β1 as its formula', async () => {
    const before = tf.memory().numTensors;
    const g = compileGraph(residualIR, residualWeights());
    const x = tf.tensor2d([[1, 2, -1, 0.5], [0.3, -0.7, 2, 1]]);
    const m = new ExplainedModel(g, [x]);
    for (const rule of ['epsilon', 'alpha1beta0', 'gamma'] as const) {
      const a = lrp(m, x, classTarget([0, 2]), { rule, epsilon: 1e-9 });
      const delta = Array.from(await a.delta!.data());
      const f = Array.from(await a.scores!.data());
      delta.forEach((d, i) => expect(Math.abs(d)).toBeLessThan(1e-4 * Math.max(1, Math.abs(f[i]))));
      tf.dispose([a.attributions, a.delta!, a.scores!]);
    }
    // α2β1 conserves only where a neuron has both positive and negative contributions; the
    // target neurons here have none negative, so Σ R ≠ f(x). Reference: the αβ formula in numpy
    // (z_ij = x_i w_ij split by sign, ε-rule at the addition), worked out for these weights.
    const ab = lrp(m, x, classTarget([0, 2]), { rule: 'alpha2beta1' });
    const want = [4.244444, 4.02, 1.9, 0.625556, 0.263961, 1.392488, 3.139512, 0.992039];
    Array.from(await ab.attributions.data()).forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThan(1e-4));
    tf.dispose([ab.attributions, ab.delta!, ab.scores!]);
    m.dispose();
    x.dispose();
    g.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('names the op and module it has no rule for', async () => {
    await withModel('transformer', 'embedding', async m => {
      expect(() => lrp(m, m.x, classTarget(0))).toThrow(/LRP has no rule for layer_norm at layers\.0\.norm1 \(LayerNorm\)/);
    });
    await withModel('attention', 'embedding', async m => {
      expect(() => lrp(m, m.x, classTarget(0))).toThrow(/LRP has no rule for (einsum|matmul) at \(root\) \(HandAttention\): it multiplies two activations/);
    });
  });

  it('rejects unknown rules', async () => {
    await withModel('mlp', undefined, async m => {
      expect(() => lrp(m, m.x, classTarget(0), { rule: 'zplus' as never })).toThrow(/unknown LRP rule "zplus"/);
      expect(() => lrp(m, m.x, classTarget(0), { rule: { rule: 'alphabeta', alpha: 2, beta: 0 } })).toThrow(/unknown LRP rule/);
    });
  });
});

describe(`bad input on ${TEST_BACKEND}`, () => {
  it('a target out of range lists the valid range', async () => {
    await withModel('cnn', undefined, async m => {
      expect(() => m.gradient(m.x, classTarget(10))).toThrow(/target index 10 is out of range for dimension 1 of the model output \(size 10; valid: 0…9\)/);
      expect(() => m.gradient(m.x, classTarget([1, 2, 3]))).toThrow(/got 3 targets for 2 examples/);
      const tooDeep: TargetSpec = { tap: null, indices: [[1, 0]] };
      expect(() => m.gradient(m.x, tooDeep)).toThrow(/target has 2 indices but the model output has only 1 non-batch dimension/);
      expect(() => m.gradient(m.x, { tap: 'features.99', indices: [[0]] })).toThrow(/no node, input or module named "features\.99"/);
    });
  });

  it('Grad-CAM on a layer without spatial dimensions says which layers work', async () => {
    await withModel('mlp', undefined, async m => {
      await expect(runMethod(m, m.x, classTarget(0), { method: 'grad_cam', params: { layer: 'fc1' } })).rejects.toThrow(
        /Grad-CAM needs a convolutional layer whose output is \[N, C, …spatial\]; fc1 outputs \[2, 64\]/
      );
    });
  });

  it('a baseline of the wrong shape names both shapes', async () => {
    await withModel('cnn', undefined, async m => {
      const bad = tf.zeros([3, 8, 8]);
      await expect(runMethod(m, m.x, classTarget(0), { method: 'integrated_gradients', params: { baselines: { tensor: 'b' } } }, { tensors: new Map([['b', bad]]) })).rejects.toThrow(
        /baseline has shape \[3, 8, 8\]; it must match the input \[2, 3, 16, 16\]/
      );
      bad.dispose();
    });
  });

  it('token ids cannot be attributed to; the message points to the embedding', () => {
    const { g, xs } = suiteModel('text_cnn');
    expect(() => new ExplainedModel(g, xs)).toThrow(/tokens is int32 \(for token ids, attribute to the embedding layer/);
    tf.dispose(xs);
    g.dispose();
  });

  it('occlusion windows must fit the input', async () => {
    await withModel('cnn', undefined, async m => {
      await expect(occlusion(m, m.x, classTarget(0), { window: [3, 20, 4] })).rejects.toThrow(/occlusion window \[3, 20, 4\]/);
      await expect(occlusion(m, m.x, classTarget(0), { window: [3, 4, 4], strides: [1, 5, 1] })).rejects.toThrow(/not larger than the window/);
    });
  });

  it('unknown methods and options list the valid ones', async () => {
    await withModel('mlp', undefined, async m => {
      await expect(runMethod(m, m.x, classTarget(0), { method: 'shap' as never })).rejects.toThrow(/unknown attribution method "shap"; valid: saliency, input_x_gradient/);
      await expect(runMethod(m, m.x, classTarget(0), { method: 'integrated_gradients', params: { n_steps: 0 } })).rejects.toThrow(/n_steps must be a positive integer/);
      await expect(runMethod(m, m.x, classTarget(0), { method: 'saliency', noise_tunnel: { type: 'smooth' as never } })).rejects.toThrow(/noise_tunnel type/);
    });
  });
});

describe(`progress and cancellation on ${TEST_BACKEND}`, () => {
  it('integrated gradients reports each chunk and stops when cancelled, leaving nothing behind', async () => {
    await withModel('cnn', undefined, async m => {
      const seen: [number, number][] = [];
      const a = await integratedGradients(m, m.x, classTarget(1), { steps: 12, internalBatchSize: 8, onProgress: (d, t) => seen.push([d, t]) });
      expect(seen).toEqual([[4, 12], [8, 12], [12, 12]]);
      tf.dispose([a.attributions, a.delta!, a.scores!]);
      const signal = { cancelled: false };
      const run = integratedGradients(m, m.x, classTarget(1), { steps: 12, internalBatchSize: 8, signal, onProgress: () => (signal.cancelled = true) });
      await expect(run).rejects.toBeInstanceOf(CancelledError);
    });
  }, 60_000); // a cnn on the CPU backend: seconds on a loaded 2-core machine (CI once hit jest's 5 s default)
});

describe(`baselines on ${TEST_BACKEND}`, () => {
  it('blur keeps a constant image constant and smooths an impulse into a normalized Gaussian', async () => {
    const flat = tf.fill([1, 2, 9, 9], 0.5);
    const b = gaussianBlur(flat, 2);
    expect(Math.max(...Array.from(await tf.abs(tf.sub(b, 0.5)).data()))).toBeLessThan(1e-6);
    const impulse = tf.buffer([1, 1, 21, 21]);
    impulse.set(1, 0, 0, 10, 10);
    const spread = gaussianBlur(impulse.toTensor(), 1.5);
    const v = await spread.data();
    expect(Math.abs(v.reduce((a, c) => a + c, 0) - 1)).toBeLessThan(1e-5);
    expect(v[10 * 21 + 10]).toBeGreaterThan(v[10 * 21 + 11]);
    expect(Math.abs(v[10 * 21 + 11] - v[11 * 21 + 10])).toBeLessThan(1e-7);
    tf.dispose([flat, b, spread]);
  });

  it('blur needs images; uniform noise spans the input range', async () => {
    const x = tf.tensor2d([[-1, 3]]);
    expect(() => makeBaseline(x, 'blur')).toThrow(AttributionError);
    const u = makeBaseline(tf.tensor2d([[-1, 3], [0, 2]]), { kind: 'uniform', seed: 3 });
    const v = Array.from(await u.data());
    v.forEach(e => expect(e >= -1 && e <= 3).toBe(true));
    tf.dispose([x, u]);
  });
});
