/**
 * Every attribution method against Captum on the bridge's model suite (reference: Captum 0.9 on
 * PyTorch CPU, tests/fixtures/attribution.py): attributions within each case's tolerance (1e-3
 * relative to Captum's largest magnitude), convergence deltas within 1e-3 of Σ|attributions|,
 * on the backend under test; no tensor left behind. Noise (noise tunnels) and user baselines
 * are drawn in Python and handed to both sides.
 */
import * as fs from 'fs';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import { ExplainedModel, runMethod, type MethodSpec, type TargetSpec } from '../../../../src/methods/attribution';
import { compileGraph } from '../../../../src/runtime/graph';
import { decodeTensors } from '../../../../src/transport';
import type { Tensor as WireTensor } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { FIXTURES_DIR, readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';
import { relativeError } from '../../runtime/ops/cases';

interface Case {
  id: string;
  model: string;
  at: string | null;
  spec: MethodSpec;
  target: TargetSpec;
  rtol: number;
  delta: boolean;
}

const DELTA_RTOL = 1e-3;
const CASES_FILE = path.join(FIXTURES_DIR, 'attribution', 'cases.json');
const cases: Case[] = fs.existsSync(CASES_FILE) ? JSON.parse(fs.readFileSync(CASES_FILE, 'utf8')) : [];
const toTf = (w: WireTensor): tf.Tensor => tf.tensor(w.data, w.shape, w.dtype);

describe(`attribution methods vs Captum on ${TEST_BACKEND}`, () => {
  it('has cases for every method', () => {
    const methods = new Set(cases.map(c => c.spec.method));
    for (const m of ['saliency', 'input_x_gradient', 'integrated_gradients', 'deeplift', 'lrp', 'grad_cam', 'guided_grad_cam', 'guided_backprop', 'deconvolution', 'occlusion']) {
      expect(methods).toContain(m);
    }
    expect(new Set(cases.map(c => c.spec.noise_tunnel?.type).filter(Boolean))).toEqual(new Set(['smoothgrad', 'smoothgrad_sq', 'vargrad']));
  });

  for (const c of cases) {
    it(`${c.id}`, async () => {
      const ir = readFixtureJson<{ inputs: { name: string }[] }>(`models/${c.model}/ir.json`);
      const weights = decodeTensors(readFixtureBytes(`models/${c.model}/weights.arrow`));
      const inputs = decodeTensors(readFixtureBytes(`models/${c.model}/inputs.arrow`));
      const expected = decodeTensors(readFixtureBytes(`attribution/${c.id}.arrow`));
      const before = tf.memory().numTensors;
      const g = compileGraph(ir, weights);
      const xs = ir.inputs.map(i => toTf(inputs.get(i.name)!));
      const given = new Map<string, tf.Tensor>();
      for (const name of ['noise', 'baseline']) if (expected.has(name)) given.set(name, toTf(expected.get(name)!));
      const m = new ExplainedModel(g, xs, { at: c.at ?? undefined });
      try {
        const a = await runMethod(m, m.x, c.target, c.spec, { tensors: given });
        try {
          const want = expected.get('attributions')!;
          expect(a.attributions.shape).toEqual(want.shape);
          const err = relativeError((await a.attributions.data()) as Float32Array, want.data as Float32Array);
          if (!(err <= c.rtol)) throw new Error(`${c.id}: relative error ${err.toExponential(2)} > ${c.rtol} on ${TEST_BACKEND}`);
          if (c.delta) {
            expect(a.delta).toBeDefined();
            const ours = await a.delta!.data();
            const theirs = expected.get('delta')!.data;
            const massT = tf.tidy(() => tf.sum(tf.abs(a.attributions), Array.from({ length: a.attributions.rank - 1 }, (_, i) => i + 1)));
            const mass = await massT.data();
            massT.dispose();
            ours.forEach((d, i) => {
              if (!(Math.abs(d - theirs[i]) <= DELTA_RTOL * mass[i] + 1e-6)) throw new Error(`${c.id}: delta ${d} vs Captum's ${theirs[i]} (Σ|attr| ${mass[i]})`);
            });
          }
        } finally {
          tf.dispose([a.attributions, a.delta, a.scores].filter(t => t !== undefined) as tf.Tensor[]);
        }
      } finally {
        m.dispose();
        tf.dispose([...xs, ...given.values()]);
        g.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    }, 300_000);
  }
});
