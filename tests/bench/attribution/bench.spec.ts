/**
 * Attribution benchmark, step 3: the browser. A fresh Chromium per tfjs backend (WebGPU and WebGL
 * on SwiftShader where there is no GPU, WASM, CPU) loads the bundled page from a loopback server,
 * runs every method of the plan on the same model and inputs as Captum did, and writes
 * SCRATCH/browser-<backend>.json. SCRATCH is $NETLENS_BENCH_SCRATCH (run.sh sets it).
 */
import { test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { withBenchPage } from '../shared/static-page';

const SCRATCH = process.env.NETLENS_BENCH_SCRATCH ?? '/tmp/netlens-bench-attribution';
const BACKENDS = (process.env.NETLENS_BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean);
const REPS = Number(process.env.NETLENS_BENCH_REPS ?? 5);
/** Stop a method's timed runs after this long (at least two runs): the cpu backend is slow. */
const MAX_MS = Number(process.env.NETLENS_BENCH_MAX_S ?? 60) * 1000;

for (const backend of BACKENDS) {
  test(`attribution methods on ${backend}`, async () => {
    const plan = JSON.parse(fs.readFileSync(path.join(SCRATCH, 'plan.json'), 'utf8'));
    await withBenchPage(SCRATCH, async (page, chromiumVersion) => {
      const only = process.env.NETLENS_BENCH_ONLY ? process.env.NETLENS_BENCH_ONLY.split(',') : null;
      const result = await page.evaluate(
        p => (window as any).nlBench(p),
        { backend, methods: plan.methods, memorySteps: plan.memory_steps, reps: REPS, maxMs: MAX_MS, only }
      );
      result.chromium = chromiumVersion;
      // With NETLENS_BENCH_ONLY, the methods measured replace their rows in an earlier result.
      const file = path.join(SCRATCH, `browser-${backend}.json`);
      const merged = only && fs.existsSync(file) ? { ...JSON.parse(fs.readFileSync(file, 'utf8')), ...result, methods: { ...JSON.parse(fs.readFileSync(file, 'utf8')).methods, ...result.methods } } : result;
      fs.writeFileSync(file, JSON.stringify(merged, null, 1));
    });
  });
}
