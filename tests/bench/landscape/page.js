/**
 * Loss-landscape benchmark, browser side: netlens's grid evaluation (lib/methods/landscape, built by
 * tsc) on the benchmark's model, data and plane, on the tfjs backend the page is asked for.
 * Bundled by webpack.config.js into SCRATCH/bench.js; bench.spec.ts calls window.nlBench(plan).
 */
import * as tf from '@tensorflow/tfjs';

import { evaluateGrid, progressiveOrder } from '../../../lib/methods/landscape';
import { decodeTensors } from '../../../lib/transport';
import { bytes, startBench } from '../shared/page-setup';

const toTf = w => tf.tensor(w.data, w.shape, w.dtype === 'int32' ? 'int32' : 'float32');

window.nlBench = async plan => {
  const graph = await startBench(plan);
  const data = decodeTensors(await bytes('/data.arrow'));
  const x = toTf(data.get(plan.input));
  const target = toTf(data.get('target'));
  const directions = [new Map(), new Map()];
  decodeTensors(await bytes('/directions.arrow')).forEach((w, key) => {
    const bar = key.indexOf('|');
    directions[Number(key.slice(0, bar))].set(key.slice(bar + 1), toTf(w));
  });
  const setup = { graph, directions, xs: plan.xs, ys: plan.ys, inputs: [x], target, loss: 'cross_entropy', batchSize: plan.batch };
  const order = progressiveOrder(plan.xs.length, plan.ys.length);
  // Warm-up: one point (shaders compiled, weights uploaded).
  let t0 = performance.now();
  await evaluateGrid(setup, order.slice(0, 1));
  const first_ms = performance.now() - t0;
  // Timed: the grid in the widget's order, stopped after maxMs (at least minPoints points).
  const times = [];
  const values = {};
  const start = performance.now();
  for (const index of order) {
    t0 = performance.now();
    const r = await evaluateGrid(setup, [index]);
    times.push(performance.now() - t0);
    values[index] = r.loss[index];
    if (times.length >= plan.minPoints && performance.now() - start > plan.maxMs) break;
  }
  const total = times.reduce((s, t) => s + t, 0);
  tf.dispose([x, target, ...directions.flatMap(d => [...d.values()])]);
  graph.dispose();
  return { backend: plan.backend, first_ms, points: times.length, total_ms: total, points_per_s: (1000 * times.length) / total, values, leaked: tf.memory().numTensors };
};
window.nlBenchReady = true;
