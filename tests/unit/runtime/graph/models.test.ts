/**
 * The bridge's model suite (tests/models/suite.py) exported by netlens.export and run by the
 * compiler: outputs within 1e-4 and input gradients within 1e-3 of PyTorch (relative to the
 * reference's largest magnitude), on the backend under test; nothing leaks.
 * Fixtures: tests/fixtures/models.py, written by jest's global setup.
 */
import * as fs from 'fs';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import { compileGraph } from '../../../../src/runtime/graph';
import { decodeTensors } from '../../../../src/transport';
import type { Tensor as WireTensor } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { FIXTURES_DIR, readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';
import { relativeError } from '../ops/cases';

const OUTPUT_RTOL = 1e-4;
const GRAD_RTOL = 1e-3;
/** float16 weights: each weight within 2^-11 of itself; through a small CNN that stays within this of the output scale. */
const FLOAT16_OUTPUT_RTOL = 1e-2;

interface Meta {
  name: string;
  description: string;
  grad_wrt: string[];
  num_parameters: number;
}

const MODELS_DIR = path.join(FIXTURES_DIR, 'models');
const names = fs.existsSync(MODELS_DIR) ? fs.readdirSync(MODELS_DIR).filter(n => fs.existsSync(path.join(MODELS_DIR, n, 'ir.json'))).sort() : [];

const toTf = (w: WireTensor): tf.Tensor => tf.tensor(w.data, w.shape, w.dtype);

async function expectClose(actual: tf.Tensor, expected: WireTensor, rtol: number, what: string): Promise<number> {
  expect({ what, shape: actual.shape }).toEqual({ what, shape: expected.shape });
  const err = relativeError((await actual.data()) as ArrayLike<number>, expected.data as ArrayLike<number>);
  if (!(err <= rtol)) throw new Error(`${what}: relative error ${err.toExponential(2)} > ${rtol} on ${TEST_BACKEND}`);
  return err;
}

function load(name: string, weightsFile = 'weights.arrow') {
  const ir = readFixtureJson<{ inputs: { name: string }[]; outputs: string[] }>(`models/${name}/ir.json`);
  const meta = readFixtureJson<Meta>(`models/${name}/meta.json`);
  const weights = decodeTensors(readFixtureBytes(`models/${name}/${weightsFile}`));
  const inputs = decodeTensors(readFixtureBytes(`models/${name}/inputs.arrow`));
  const expected = decodeTensors(readFixtureBytes(`models/${name}/expected.arrow`));
  return { ir, meta, weights, inputs, expected };
}

describe(`model suite vs PyTorch on ${TEST_BACKEND}`, () => {
  it('has at least 11 architectures', () => expect(names.length).toBeGreaterThanOrEqual(11));

  for (const name of names) {
    it(`${name}: forward within ${OUTPUT_RTOL}, gradients within ${GRAD_RTOL}`, async () => {
      const { ir, meta, weights, inputs, expected } = load(name);
      const before = tf.memory().numTensors;
      const g = compileGraph(ir, weights);
      const xs = ir.inputs.map(i => toTf(inputs.get(i.name)!));
      try {
        const run = g.forward(xs);
        try {
          for (const [k] of run.outputs.entries()) {
            await expectClose(run.outputs[k], expected.get(`output:${k}`)!, OUTPUT_RTOL, `${name} output ${k}`);
          }
        } finally {
          tf.dispose(run.outputs);
        }
        const rs = ir.outputs.map((_, k) => expected.get(`R:${k}`));
        const objective = (r: { outputs: tf.Tensor[] }): tf.Scalar =>
          tf.addN(r.outputs.map((o, k) => (rs[k] ? tf.sum(tf.mul(o, toTf(rs[k]!))) : tf.scalar(0)))) as tf.Scalar;
        const grad = g.gradient(xs, objective, { wrt: meta.grad_wrt });
        try {
          for (const [i, ref] of meta.grad_wrt.entries()) {
            await expectClose(grad.grads[i], expected.get(`grad:${ref}`)!, GRAD_RTOL, `${name} gradient w.r.t. ${ref}`);
          }
        } finally {
          tf.dispose([grad.value, ...grad.grads, ...grad.outputs]);
        }
      } finally {
        tf.dispose(xs);
        g.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    }, 300_000);
  }

  const half = names.filter(n => fs.existsSync(path.join(MODELS_DIR, n, 'weights16.arrow')));
  for (const name of half) {
    it(`${name}: float16 weights stay within the documented bound`, async () => {
      const { ir, weights, inputs, expected } = load(name, 'weights16.arrow');
      // Each float16 weight is within 2^-11 (relative) of its float32 value.
      const exact = load(name).weights;
      weights.forEach((w, key) => {
        const ref = exact.get(key)!;
        if (w.dtype !== 'float32') return;
        for (let i = 0; i < w.data.length; i++) {
          const bound = Math.abs(ref.data[i]) * 2 ** -11 + 6.1e-5 * 2 ** -10;
          if (Math.abs(w.data[i] - ref.data[i]) > bound) throw new Error(`${key}[${i}] off by more than 2^-11`);
        }
      });
      const g = compileGraph(ir, weights);
      const xs = ir.inputs.map(i => toTf(inputs.get(i.name)!));
      const run = g.forward(xs);
      await expectClose(run.outputs[0], expected.get('output:0')!, FLOAT16_OUTPUT_RTOL, `${name} output with float16 weights`);
      tf.dispose([...run.outputs, ...xs]);
      g.dispose();
    }, 300_000);
  }
});
