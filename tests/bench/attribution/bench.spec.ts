/**
 * Attribution benchmark, step 3: the browser. A fresh Chromium per tfjs backend (WebGPU and WebGL
 * on SwiftShader where there is no GPU, WASM, CPU) loads the bundled page from a loopback server,
 * runs every method of the plan on the same model and inputs as Captum did, and writes
 * SCRATCH/browser-<backend>.json. SCRATCH is $NETLENS_BENCH_SCRATCH (run.sh sets it).
 */
import { chromium, test } from '@playwright/test';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { CHROMIUM_ARGS } from '../../e2e/playwright.config';

const SCRATCH = process.env.NETLENS_BENCH_SCRATCH ?? '/tmp/netlens-bench-attribution';
const BACKENDS = (process.env.NETLENS_BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean);
const REPS = Number(process.env.NETLENS_BENCH_REPS ?? 5);
/** Stop a method's timed runs after this long (at least two runs): the cpu backend is slow. */
const MAX_MS = Number(process.env.NETLENS_BENCH_MAX_S ?? 60) * 1000;
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

function serve(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '') || 'index.html');
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

for (const backend of BACKENDS) {
  test(`attribution methods on ${backend}`, async () => {
    const plan = JSON.parse(fs.readFileSync(path.join(SCRATCH, 'plan.json'), 'utf8'));
    fs.writeFileSync(path.join(SCRATCH, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="bench.js"></script>');
    const server = await serve(SCRATCH);
    const browser = await chromium.launch({ executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    try {
      const page = await browser.newPage();
      page.on('console', m => console.log(`[page] ${m.text()}`));
      await page.goto(`${server.url}/index.html`);
      await page.waitForFunction(() => (window as any).nlBenchReady === true);
      const only = process.env.NETLENS_BENCH_ONLY ? process.env.NETLENS_BENCH_ONLY.split(',') : null;
      const result = await page.evaluate(
        p => (window as any).nlBench(p),
        { backend, methods: plan.methods, memorySteps: plan.memory_steps, reps: REPS, maxMs: MAX_MS, only }
      );
      result.chromium = browser.version();
      // With NETLENS_BENCH_ONLY, the methods measured replace their rows in an earlier result.
      const file = path.join(SCRATCH, `browser-${backend}.json`);
      const merged = only && fs.existsSync(file) ? { ...JSON.parse(fs.readFileSync(file, 'utf8')), ...result, methods: { ...JSON.parse(fs.readFileSync(file, 'utf8')).methods, ...result.methods } } : result;
      fs.writeFileSync(file, JSON.stringify(merged, null, 1));
    } finally {
      await browser.close();
      server.close();
    }
  });
}
