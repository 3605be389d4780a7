/**
 * Loss-landscape benchmark, step 3: the browser. A fresh Chromium per tfjs backend (WebGPU and
 * WebGL on SwiftShader where there is no GPU, WASM, CPU) evaluates the benchmark's grid point by
 * point in the widget's order and writes SCRATCH/browser-<backend>.json.
 */
import { test } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';

import { withBenchPage } from '../shared/static-page';

const SCRATCH = process.env.NETLENS_BENCH_SCRATCH ?? '/tmp/netlens-bench-landscape';
const BACKENDS = (process.env.NETLENS_BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean);
/** Stop a backend's timed points after this long (at least NETLENS_BENCH_MIN_POINTS). */
const MAX_MS = Number(process.env.NETLENS_BENCH_MAX_S ?? 120) * 1000;
const MIN_POINTS = Number(process.env.NETLENS_BENCH_MIN_POINTS ?? 3);

for (const backend of BACKENDS) {
  test(`landscape grid on ${backend}`, async () => {
    const plan = JSON.parse(fs.readFileSync(path.join(SCRATCH, 'plan.json'), 'utf8'));
    await withBenchPage(SCRATCH, async (page, chromiumVersion) => {
      const result = await page.evaluate(p => (window as any).nlBench(p), { ...plan, backend, maxMs: MAX_MS, minPoints: MIN_POINTS });
      result.chromium = chromiumVersion;
      console.log(`landscape ${backend}: ${result.points_per_s.toFixed(3)} points/s over ${result.points} points`);
      fs.writeFileSync(path.join(SCRATCH, `browser-${backend}.json`), JSON.stringify(result, null, 1));
    });
  });
}
