/**
 * The browser's landscape grid against the loss-landscapes package (reference: loss-landscapes
 * 3.0 `point()` on PyTorch CPU, tests/fixtures/landscape.py) for identical directions drawn and
 * normalized in the kernel: within 1e-4 relative, on the backend under test; accuracy equal;
 * progressive order visits every point; no tensor left behind.
 */
import * as fs from 'fs';
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import { evaluateGrid, progressiveOrder, type LossKind } from '../../../../src/methods/landscape';
import { compileGraph } from '../../../../src/runtime/graph';
import { decodeTensors, type Tensor as WireTensor } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { FIXTURES_DIR, readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';

interface Case {
  id: string;
  model: string;
  loss: LossKind;
  dims: number;
  rtol: number;
}

const CASES_FILE = path.join(FIXTURES_DIR, 'landscape', 'cases.json');
const cases: Case[] = fs.existsSync(CASES_FILE) ? JSON.parse(fs.readFileSync(CASES_FILE, 'utf8')) : [];
const toTf = (w: WireTensor): tf.Tensor => tf.tensor(w.data as any, w.shape, w.dtype as any);

function directionsOf(wire: Map<string, WireTensor>, dims: number): Map<string, tf.Tensor>[] {
  const out = Array.from({ length: dims }, () => new Map<string, tf.Tensor>());
  wire.forEach((t, key) => {
    const m = /^(\d)\|(.+)$/.exec(key);
    if (m) out[Number(m[1])].set(m[2], toTf(t));
  });
  return out;
}

describe(`loss landscape vs loss-landscapes on ${TEST_BACKEND}`, () => {
  it('has a plane, a line, and every loss', () => {
    expect(new Set(cases.map(c => c.dims))).toEqual(new Set([1, 2]));
    expect(new Set(cases.map(c => c.loss))).toEqual(new Set(['cross_entropy', 'mse', 'model']));
  });

  for (const c of cases) {
    it(c.id, async () => {
      const ir = readFixtureJson<{ inputs: { name: string }[] }>(`models/${c.model}/ir.json`);
      const weights = decodeTensors(readFixtureBytes(`models/${c.model}/weights.arrow`));
      const inputs = decodeTensors(readFixtureBytes(`models/${c.model}/inputs.arrow`));
      const expected = decodeTensors(readFixtureBytes(`landscape/${c.id}.arrow`));
      const before = tf.memory().numTensors;
      const graph = compileGraph(ir, weights);
      const xs = Array.from(expected.get('xs')!.data as Float32Array);
      const ys = expected.has('ys') ? Array.from(expected.get('ys')!.data as Float32Array) : null;
      const directions = directionsOf(expected, c.dims);
      const x = ir.inputs.map(i => toTf(inputs.get(i.name)!));
      const target = expected.has('target') ? toTf(expected.get('target')!) : null;
      const visited: number[] = [];
      try {
        const grid = await evaluateGrid(
          { graph, directions, xs, ys, inputs: x, target, loss: c.loss, batchSize: 1 },
          progressiveOrder(xs.length, ys?.length ?? 1),
          { onPoint: p => visited.push(p.index) }
        );
        expect([...visited].sort((a, b) => a - b)).toEqual(Array.from({ length: grid.loss.length }, (_, i) => i));
        const want = expected.get('loss')!.data as Float32Array;
        let worst = 0;
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs(grid.loss[i] - want[i]) / Math.abs(want[i]));
        expect(worst).toBeLessThan(c.rtol);
        if (c.loss === 'cross_entropy') {
          const acc = expected.get('accuracy')!.data as Float32Array;
          for (let i = 0; i < acc.length; i++) expect(grid.accuracy[i]).toBeCloseTo(acc[i], 6);
        } else {
          expect(Array.from(grid.accuracy).every(Number.isNaN)).toBe(true);
        }
      } finally {
        graph.dispose();
        directions.forEach(d => d.forEach(t => t.dispose()));
        x.forEach(t => t.dispose());
        target?.dispose();
      }
      expect(tf.memory().numTensors).toBe(before);
    });
  }
});
