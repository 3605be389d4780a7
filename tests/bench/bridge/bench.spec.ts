/**
 * Model-bridge benchmark: a ResNet-18-size model (11.7 M parameters, 224×224, batch 1) from
 * PyTorch in a real kernel to TF.js in Chromium, against PyTorch's own CPU forward.
 *
 *   1. Start a throwaway JupyterLab (tests/e2e/jupyter-server.ts); write the bench notebook and
 *      kernel_bench.py into its scratch root.
 *   2. Round 1 (fresh kernel): `netlens.export` and the PyTorch forward are timed in the kernel.
 *   3. Every round, in a freshly launched Chromium (cold tfjs engine, cold shader caches):
 *      `ModelView(model, x, compute="browser")`; the page records the widget's `timings`
 *      (weights transfer, compile, first forward on the engine's backend); then
 *      page-bench.ts' backendSweep runs the widget's compiled graph on every tfjs backend.
 *   4. results.json and results.md (report.ts).
 */
import { chromium, expect, test, type Browser, type BrowserServer, type Page } from '@playwright/test';
import { execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CHROMIUM_ARGS } from '../../e2e/playwright.config';
import { REPO, type ServerInfo } from '../../e2e/jupyter-server';
import { addModelWatch } from '../shared/model-watch';
import { writeBenchNotebook } from '../shared/notebook';
import { startBenchServer, stopBenchServer } from '../shared/server';
import { backendSweep, installBridgeHooks, latestView, type SweepArg, type SweepResult, type ViewRecord } from './page-bench';
import { markdown, summarize, type Machine, type Round, type Saved } from './report';

const HERE = __dirname;
const NOTEBOOK = 'bench-bridge.ipynb';
const CELL = { setup: 0, kernel: 1, view: 2, close: 3, torch: 4 };
/** results.{json,md}, or results-<tag>.{json,md} for a trial or profiling run (NETLENS_BENCH_TAG). */
const RESULTS = path.join(HERE, `results${process.env.NETLENS_BENCH_TAG ? `-${process.env.NETLENS_BENCH_TAG}` : ''}`);
const WASM_UMD = 'node_modules/@tensorflow/tfjs-backend-wasm/dist/tf-backend-wasm.es2017.min.js';

const env = (name: string, fallback: number) => (process.env[name] ? Number(process.env[name]) : fallback);
const CONFIG = {
  model: process.env.NETLENS_BENCH_MODEL ?? 'resnet18',
  rounds: env('NETLENS_BENCH_ROUNDS', 3),
  exportReps: env('NETLENS_BENCH_EXPORT_REPS', 3),
  torchWarmup: env('NETLENS_BENCH_TORCH_WARMUP', 2),
  torchReps: env('NETLENS_BENCH_TORCH_REPS', 10),
  backends: (process.env.NETLENS_BENCH_BACKENDS ?? 'webgpu,webgl,wasm,cpu').split(',').filter(Boolean),
  steadyReps: env('NETLENS_BENCH_STEADY_REPS', 10),
  cpuSteadyReps: env('NETLENS_BENCH_CPU_REPS', 3),
  cpuRounds: env('NETLENS_BENCH_CPU_ROUNDS', 1), // the cpu backend is slow: only in the first rounds
  minReps: env('NETLENS_BENCH_MIN_REPS', 3),
  maxSteadyS: env('NETLENS_BENCH_MAX_STEADY_S', 45)
};

function writeBenchFiles(dir: string): void {
  const cells = [
    "import sys\nsys.path.insert(0, '.')\nimport kernel_bench as B\nB.setup()",
    'B.kernel_times()',
    'B.view()',
    'B.close()',
    'B.torch_times()'
  ];
  writeBenchNotebook(dir, NOTEBOOK, cells, [path.join(HERE, 'kernel_bench.py'), path.join(REPO, WASM_UMD)]);
  fs.writeFileSync(
    path.join(dir, 'bench-plan.json'),
    JSON.stringify({
      repo: REPO,
      model: CONFIG.model,
      export_reps: CONFIG.exportReps,
      torch_warmup: CONFIG.torchWarmup,
      torch_reps: CONFIG.torchReps
    })
  );
}

/** Runs notebook cell `index`, waits until its execution count changes, returns the `BENCH {...}` it printed. */
async function runCell(page: Page, index: number, timeout = 900_000): Promise<any> {
  const cell = page.locator('.jp-NotebookPanel .jp-Cell').nth(index);
  const prompt = cell.locator('.jp-InputPrompt');
  const before = (await prompt.innerText()).trim();
  await cell.scrollIntoViewIfNeeded();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+Enter');
  const deadline = Date.now() + timeout;
  for (;;) {
    const now = (await prompt.innerText({ timeout: 5_000 }).catch(() => before)).trim();
    if (/\[\d+\]/.test(now) && now !== before) break;
    if (Date.now() > deadline) throw new Error(`cell ${index} did not finish in ${timeout / 1000} s`);
    await new Promise(r => setTimeout(r, 100));
  }
  const text = await cell.locator('.jp-OutputArea').innerText();
  const line = text.split('\n').find(l => l.startsWith('BENCH '));
  if (!line) throw new Error(`cell ${index} printed no BENCH line:\n${text.slice(0, 3000)}`);
  return JSON.parse(line.slice('BENCH '.length));
}

interface Open {
  server: BrowserServer;
  browser: Browser;
  page: Page;
  errors: string[]; // the page's console errors (the reason when the widget never shows up)
}

async function openBrowser(): Promise<Open> {
  const server = await chromium.launchServer({
    executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true
  });
  const browser = await chromium.connect(server.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors: string[] = [];
  page.on('console', m => {
    if (m.type() !== 'error') return;
    if (errors.length < 20) errors.push(m.text().slice(0, 300));
    console.log(`[page error] ${m.text().slice(0, 300)}`);
  });
  page.on('crash', () => errors.push('the page (Chromium renderer) crashed'));
  await addModelWatch(page, installBridgeHooks);
  return { server, browser, page, errors };
}

async function openNotebook(page: Page, info: ServerInfo): Promise<void> {
  await page.goto(`${info.url}/lab/tree/${NOTEBOOK}?reset&token=${info.token}`);
  await expect(page.locator('.jp-NotebookPanel .jp-Cell').nth(CELL.torch)).toBeVisible({ timeout: 180_000 });
  await expect(page.locator('#jp-main-statusbar')).toContainText('Idle', { timeout: 300_000 });
}

/**
 * Waits until the widget ran its first forward (or failed). Gives up early when its model never
 * reaches the page (e.g. the labextension was rebuilt under the running server).
 */
async function waitForFirstForward(b: Open, timeout = 1_200_000, appear = 180_000): Promise<ViewRecord> {
  const t0 = Date.now();
  for (;;) {
    const v = await b.page.evaluate(latestView);
    if (v && (v.timings.first_forward_ms !== undefined || v.error)) return v;
    const waited = Date.now() - t0;
    if ((!v && waited > appear) || waited > timeout) {
      const what = v ? `no first forward in ${timeout / 1000} s (${JSON.stringify(v)})` : `no ModelView model reached the page in ${appear / 1000} s`;
      throw new Error(`${what}; page errors: ${b.errors.slice(0, 3).join(' | ') || 'none'}`);
    }
    await new Promise(r => setTimeout(r, 250));
  }
}

/** Closes the kernel's widgets and waits until the page has no netlens model left. */
async function closeWidgets(page: Page): Promise<void> {
  await runCell(page, CELL.close);
  await expect
    .poll(() => page.evaluate(() => Array.from((globalThis as any).__netlens__?.models ?? []).length), { timeout: 120_000 })
    .toBe(0);
}

function writeResults(saved: Saved): void {
  fs.writeFileSync(`${RESULTS}.json`, JSON.stringify(saved, null, 2) + '\n');
  fs.writeFileSync(`${RESULTS}.md`, markdown(saved));
}

function machineInfo(): Omit<Machine, 'chromium' | 'torch' | 'torch_threads' | 'python' | 'netlens' | 'jupyterlab' | 'tfjs'> {
  const lscpu = execSync('lscpu').toString();
  const field = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(lscpu)?.[1]?.trim() ?? '?';
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    git: execSync('git describe --always --dirty', { cwd: REPO }).toString().trim(),
    cpu: field('Model name'),
    cores: Number(field('CPU\\(s\\)')),
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    loadavg: os.loadavg().map(x => Number(x.toFixed(2)))
  };
}

test('bridge: export, transfer, compile and forward per backend vs PyTorch', async () => {
  if (process.env.NETLENS_BENCH_REPORT_ONLY) {
    // Rebuild results.md from results.json (after a change to report.ts), without measuring.
    const saved = JSON.parse(fs.readFileSync(`${RESULTS}.json`, 'utf8')) as Saved;
    saved.summary = summarize(saved);
    writeResults(saved);
    return;
  }
  const machine0 = machineInfo();
  const info = await startBenchServer();
  const rounds: Round[] = [];
  let setup: any = null;
  let kernel: any = null;
  let torchEnd: any = null;
  const retries: string[] = [];
  let chromiumVersion = '?';
  let tfjsVersion = '?';
  try {
    writeBenchFiles(info.dir);
    for (let r = 0; r < CONFIG.rounds; r++) {
      for (let attempt = 1; ; attempt++) {
        const t0 = Date.now();
        const b = await openBrowser();
        chromiumVersion = b.browser.version();
        try {
          await openNotebook(b.page, info);
          if (setup === null) {
            setup = await runCell(b.page, CELL.setup);
            console.log(`setup: ${JSON.stringify(setup)}`);
            kernel = await runCell(b.page, CELL.kernel);
            console.log(`kernel: export ${kernel.export_median_ms.toFixed(0)} ms, torch forward ${kernel.torch_forward_median_ms.toFixed(1)} ms`);
          } else if (attempt > 1) {
            await closeWidgets(b.page); // the failed attempt's widget
          }
          const view = await runCell(b.page, CELL.view);
          const record = await waitForFirstForward(b);
          tfjsVersion = await b.page.evaluate(() => (globalThis as any).__netlens__.tf.version.tfjs);
          let sweep: SweepResult | { error: string };
          if (record.error) {
            sweep = { error: `not run: the widget failed: ${record.error}` };
          } else {
            const arg: SweepArg = {
              backends: CONFIG.backends.filter(n => n !== 'cpu' || r < CONFIG.cpuRounds),
              reps: Object.fromEntries(CONFIG.backends.map(n => [n, n === 'cpu' ? CONFIG.cpuSteadyReps : CONFIG.steadyReps])),
              minReps: CONFIG.minReps,
              maxSteadyMs: CONFIG.maxSteadyS * 1000,
              files: `${info.url}/files/`,
              query: `?token=${info.token}`,
              wasmScript: path.basename(WASM_UMD),
              wasmBase: `${info.url}/lab/extensions/netlens/static/wasm/`
            };
            sweep = await b.page.evaluate(backendSweep, arg).catch((e: unknown) => ({ error: String(e).split('\n')[0] }));
          }
          rounds.push({ view, record, sweep, attempt, pageErrors: b.errors.slice(0, 5) });
          console.log(
            `round ${r + 1}: weights ${record.timings.weights_ms?.toFixed(0)} ms, compile ${record.timings.compile_ms?.toFixed(0)} ms, ` +
              `first forward ${record.timings.first_forward_ms?.toFixed(0)} ms (${record.backend}); ` +
              ('runs' in sweep
                ? sweep.runs.map(x => `${x.backend}: ${x.ok ? `first ${x.first_ms!.toFixed(0)}, steady ${x.steady_ms!.map(v => v.toFixed(0)).join('/')}` : x.error}`).join('; ')
                : sweep.error) +
              ` (${((Date.now() - t0) / 1000).toFixed(0)} s)`
          );
          await closeWidgets(b.page);
          if (r === CONFIG.rounds - 1) {
            // The browser is idle again (no model): PyTorch once more, to see the load drift.
            torchEnd = await runCell(b.page, CELL.torch);
            console.log(`torch forward at the end: ${torchEnd.torch_forward_median_ms.toFixed(1)} ms`);
          }
          break;
        } catch (err) {
          const why = String(err).split('\n')[0];
          console.log(`round ${r + 1}, attempt ${attempt} failed: ${why}`);
          if (attempt >= 2) throw err;
          retries.push(`round ${r + 1}: ${why}`);
        } finally {
          await b.server.kill();
        }
      }
    }
  } finally {
    await stopBenchServer(info);
  }
  const machine: Machine = {
    ...machine0,
    chromium: `Chromium ${chromiumVersion}`,
    tfjs: tfjsVersion,
    torch: setup?.torch ?? '?',
    torch_threads: setup?.torch_threads ?? 0,
    python: setup?.python ?? '?',
    netlens: setup?.netlens ?? '?',
    jupyterlab: setup?.jupyterlab ?? '?'
  };
  machine.loadavgEnd = os.loadavg().map(x => Number(x.toFixed(2)));
  const saved: Saved = { machine, config: CONFIG, setup, kernel, torchEnd, rounds, retries, summary: [] };
  saved.summary = summarize(saved);
  writeResults(saved);
  expect(rounds.length).toBe(CONFIG.rounds);
});
