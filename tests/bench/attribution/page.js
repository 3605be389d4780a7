/**
 * Attribution benchmark, browser side: netlens's attribution methods (lib/, built by tsc) on the
 * benchmark model, on the tfjs backend the page is asked for. Bundled by webpack.config.js into
 * SCRATCH/bench.js; bench.spec.ts calls window.nlBench(plan) and reads what it returns.
 */
import * as tf from '@tensorflow/tfjs';

import { ExplainedModel, classTarget, runMethod } from '../../../lib/methods/attribution';
import { decodeTensors } from '../../../lib/transport';
import { bytes, startBench } from '../shared/page-setup';

/** One method: a first run (shaders compiled, weights uploaded), then `reps` timed runs. */
async function timeMethod(m, target, spec, reps, maxMs) {
  const once = async () => {
    const t0 = performance.now();
    const a = await runMethod(m, m.x, target, spec);
    await a.attributions.data(); // the work is done once the result is read
    const ms = performance.now() - t0;
    tf.dispose([a.attributions, a.delta, a.scores].filter(Boolean));
    return ms;
  };
  const first = await once();
  const times = [];
  const start = performance.now();
  while (times.length < reps && (times.length < 2 || performance.now() - start < maxMs)) times.push(await once());
  times.sort((a, b) => a - b);
  return { first_ms: first, median_ms: times[Math.floor((times.length - 1) / 2)], times_ms: times };
}

window.nlBench = async plan => {
  const g = await startBench(plan);
  const inputs = decodeTensors(await bytes('/inputs.arrow'));
  const xw = inputs.get('x');
  const x = tf.tensor(xw.data, xw.shape);
  const target = classTarget(Array.from(inputs.get('classes').data));
  const m = new ExplainedModel(g, [x]);
  const out = { backend: plan.backend, methods: {}, memory: {}, forward_ms: null };
  // Forward alone, for scale.
  const fwd = async () => {
    const t0 = performance.now();
    const r = g.forward([x]);
    await r.outputs[0].data();
    tf.dispose(r.outputs);
    return performance.now() - t0;
  };
  await fwd();
  const f = [];
  for (let i = 0; i < 3; i++) f.push(await fwd());
  out.forward_ms = f.sort((a, b) => a - b)[1];
  for (const spec of plan.methods) {
    if (plan.only && !plan.only.includes(spec.label)) continue;
    try {
      out.methods[spec.label] = await timeMethod(m, target, spec, plan.reps, plan.maxMs);
    } catch (e) {
      out.methods[spec.label] = { error: String(e && e.message ? e.message : e) };
    }
    console.log(`bench ${plan.backend} ${spec.label}: ${JSON.stringify(out.methods[spec.label]).slice(0, 120)}`);
  }
  // Peak tensor memory of integrated gradients (tf.profile's peakBytes: all live tensors at once).
  for (const steps of plan.memorySteps) {
    const spec = { method: 'integrated_gradients', params: { n_steps: steps } };
    const info = await tf.profile(async () => {
      const a = await runMethod(m, m.x, target, spec);
      await a.attributions.data();
      tf.dispose([a.attributions, a.delta, a.scores].filter(Boolean));
    });
    out.memory[steps] = { peak_mib: info.peakBytes / 2 ** 20 };
  }
  m.dispose();
  x.dispose();
  g.dispose();
  out.leaked = tf.memory().numTensors;
  return out;
};
window.nlBenchReady = true;
