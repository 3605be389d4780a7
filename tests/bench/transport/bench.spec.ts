/**
 * Transport benchmark: kernel → browser throughput through a real Jupyter server.
 *
 *   1. Start a throwaway JupyterLab (tests/e2e/jupyter-server.ts) and the raw WebSocket server.
 *   2. Open a bench notebook in Chromium; kernel_steps.py runs one measurement per `B.step()`.
 *   3. For each step of plan.ts: raw runs in the page; netlens and JSON run in the kernel and the
 *      page stops their clocks (page-hooks.ts). Widgets are closed between steps.
 *   4. Medians, ratios and a breakdown go to results.json and results.md (report.ts).
 */
import { chromium, expect, test, type Page } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../e2e/playwright.config';
import { spawn, execSync, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../../e2e/jupyter-server';
import { addModelWatch } from '../shared/model-watch';
import { writeBenchNotebook } from '../shared/notebook';
import { startBenchServer, stopBenchServer } from '../shared/server';
import { installBenchHooks, liveBenchModels, rawWebSocketRun, type PageRecord } from './page-hooks';
import { PATHS, RAW_FRAME_BYTES, makePlan, sizesFromEnv, type Step } from './plan';
import { markdown, summarize, writeResults, type Machine, type Measurement } from './report';

const HERE = __dirname;
const NOTEBOOK = 'bench-transport.ipynb';
const CELL = { setup: 0, step: 1, cleanup: 2 };
const MIB = 1 << 20;
const V8_MAX_STRING = 2 ** 29 - 24;

/** Profiling knobs: kernel-side transport settings other than the defaults (docs/transport.md). */
function transportOverride(): Record<string, number> {
  const o: Record<string, number> = {};
  if (process.env.NETLENS_BENCH_WINDOW) o.window = Number(process.env.NETLENS_BENCH_WINDOW);
  if (process.env.NETLENS_BENCH_CHUNK_KIB) o.chunk_bytes = Number(process.env.NETLENS_BENCH_CHUNK_KIB) * 1024;
  return o;
}

function writeBenchFiles(dir: string, steps: Step[]): void {
  const cells = ["import sys\nsys.path.insert(0, '.')\nimport kernel_steps as B", 'B.step()', 'B.cleanup()'];
  writeBenchNotebook(dir, NOTEBOOK, cells, [path.join(HERE, 'kernel_steps.py')]);
  const kernelSteps = steps.filter(s => !RAW_FRAME_BYTES[s.path]).map(s => ({ id: s.id, path: s.path, mib: s.mib }));
  fs.writeFileSync(path.join(dir, 'bench-plan.json'), JSON.stringify({ kernel_steps: kernelSteps, transport: transportOverride() }));
}

function startRawServer(): Promise<{ child: ChildProcess; port: number }> {
  const python = fs.existsSync(path.join(REPO, '.venv/bin/python')) ? path.join(REPO, '.venv/bin/python') : 'python3';
  const child = spawn(python, [path.join(HERE, 'raw_ws_server.py')], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /PORT (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]) });
    });
    child.on('exit', code => reject(new Error(`raw_ws_server.py exited with ${code}`)));
  });
}

/** Set by the page's 'crash' event: every wait below gives up at once instead of retrying. */
let crashed = '';

/** Runs notebook cell `index` and waits until its execution count changes (the cell finished). */
async function runCell(page: Page, index: number, timeout = 600_000, abort: () => string = () => ''): Promise<void> {
  const cell = page.locator('.jp-NotebookPanel .jp-Cell').nth(index);
  const prompt = cell.locator('.jp-InputPrompt');
  const before = (await prompt.innerText()).trim();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+Enter');
  const deadline = Date.now() + timeout;
  for (;;) {
    if (crashed) throw new Error(crashed);
    const reason = abort();
    if (reason) throw new Error(reason);
    const now = (await prompt.innerText({ timeout: 5_000 }).catch(() => before)).trim();
    if (/\[\d+\]/.test(now) && now !== before) return;
    if (Date.now() > deadline) throw new Error(`cell ${index} did not finish in ${timeout / 1000} s`);
    await new Promise(r => setTimeout(r, 50));
  }
}

function stepTimeout(step: Step): number {
  return 120_000 + step.mib * (step.path === 'json' ? 5_000 : 600);
}

/** Console errors of the page, and the Jupyter server's log, seen while a step runs: the reason when it fails. */
interface Witness {
  consoleErrors: string[];
  serverLog: string;
}

function serverLogSince(witness: Witness, from: number): string {
  return fs.existsSync(witness.serverLog) ? fs.readFileSync(witness.serverLog, 'utf8').slice(from) : '';
}

async function kernelStep(page: Page, step: Step, witness: Witness): Promise<PageRecord> {
  const logFrom = serverLogSince(witness, 0).length;
  witness.consoleErrors.length = 0;
  // jupyter_server starts buffering when the page's kernel websocket closes: the result never arrives.
  const dropped = () => {
    if (!/Starting buffering/.test(serverLogSince(witness, logFrom))) return '';
    const why = witness.consoleErrors.slice(0, 2).join(' | ');
    return `failed: the kernel websocket to the page closed while the message was in flight${why ? ` (${why})` : ''}`;
  };
  try {
    await runCell(page, CELL.step, stepTimeout(step), dropped);
  } catch (err) {
    if (dropped()) return { error: dropped() };
    throw err;
  }
  const deadline = Date.now() + stepTimeout(step);
  let rec: PageRecord | undefined;
  while (!rec && Date.now() < deadline) {
    if (crashed) throw new Error(crashed);
    rec = (await Promise.race([
      page.evaluate(id => (globalThis as any).__bench__.records[id], step.id),
      new Promise(r => setTimeout(r, 10_000)) // a page busy parsing a huge message answers late
    ])) as PageRecord | undefined;
    if (!rec && dropped()) return { error: dropped() };
    if (!rec) await new Promise(r => setTimeout(r, step.mib >= 100 ? 500 : 25));
  }
  if (!rec) return { error: `timeout: no result in ${stepTimeout(step) / 1000} s` };
  await runCell(page, CELL.cleanup);
  await expect.poll(() => page.evaluate(liveBenchModels), { timeout: 120_000 }).toBe(0);
  await page.evaluate(id => delete (globalThis as any).__bench__.records[id], step.id);
  return rec;
}

function measurement(step: Step, rec: PageRecord, kernel: Record<string, any> | undefined): Measurement {
  const k = kernel ?? {};
  const error = rec.error ?? k.error;
  if (error || rec.t1_ms === undefined || rec.t0_ms === undefined) {
    const chars = typeof k.json_chars === 'number' ? ` (${(k.json_chars / 1e6).toFixed(0)} M chars of JSON)` : '';
    return { step, error: (error ?? 'no result') + chars, detail: { ...k } };
  }
  const total = rec.t1_ms - rec.t0_ms;
  if (step.path === 'netlens') {
    const expected = (step.mib * MIB) / 4;
    if (rec.numel !== expected) return { step, error: `wrong size: ${rec.numel} elements, expected ${expected}` };
    const encoded = rec.t0_ms + k.encode_ms;
    const begun = rec.t_assembled_ms! - (rec.transfer_ms ?? 0); // the receiver's clock starts at nl:begin
    return {
      step,
      ms: total,
      detail: {
        encode_ms: k.encode_ms,
        model_ms: rec.t_model_ms! - encoded,
        setup_ms: begun - encoded,
        transfer_ms: rec.transfer_ms ?? undefined,
        first_chunk_ms: rec.t_first_ms! - begun,
        decode_ms: rec.t1_ms - rec.t_assembled_ms!,
        total_ms: total
      }
    };
  }
  return {
    step,
    ms: total,
    detail: {
      json_chars: k.json_chars,
      tolist_ms: k.tolist_ms,
      dumps_ms: k.dumps_ms,
      rest_ms: total - k.tolist_ms - k.dumps_ms,
      total_ms: total
    }
  };
}

function machineInfo(chromium: string, kernel: any): Machine {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  return {
    date: new Date().toISOString().slice(0, 16).replace('T', ' ') + ' UTC',
    cpu: /model name\s*:\s*(.*)/.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown',
    nproc: Number(execSync('nproc').toString().trim()),
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    chromium,
    netlens: kernel.netlens ?? '?',
    python: kernel.python ?? '?',
    jupyterlab: kernel.jupyterlab ?? '?'
  };
}

/** What JSON would cost where it is not attempted, from the chars per element measured below it. */
function jsonNotes(ms: Measurement[], sizes: number[]): Record<number, string> {
  const measured = ms.filter(m => m.step.path === 'json' && typeof m.detail?.json_chars === 'number');
  const perElement = measured.length
    ? Math.max(...measured.map(m => (m.detail!.json_chars as number) / ((m.step.mib * MIB) / 4)))
    : 20;
  const notes: Record<number, string> = {};
  for (const mib of sizes.filter(s => !ms.some(m => m.step.path === 'json' && m.step.mib === s))) {
    const chars = perElement * ((mib * MIB) / 4);
    notes[mib] =
      chars > V8_MAX_STRING
        ? `not possible: ~${(chars / 1e9).toFixed(1)} G chars of JSON in one message (V8's max string: ${(V8_MAX_STRING / 1e9).toFixed(2)} G)`
        : `not run: ~${(chars / 1e6).toFixed(0)} M chars of JSON in one frame, more than the Playwright driver survives (NETLENS_BENCH_JSON_MAX=${mib} to try)`;
  }
  return notes;
}

test('transport: netlens vs JSON vs raw websocket', async () => {
  if (process.env.NETLENS_BENCH_REPORT_ONLY) {
    // Rebuild results.md from results.json (after a change to report.ts), without measuring.
    const tag = process.env.NETLENS_BENCH_TAG ?? '';
    const saved = JSON.parse(fs.readFileSync(path.join(HERE, `results${tag ? `-${tag}` : ''}.json`), 'utf8'));
    const ms = saved.measurements as Measurement[];
    const sizes = [...new Set(ms.map(m => m.step.mib))].sort((a, b) => a - b);
    const summaries = summarize(ms, sizes, PATHS);
    writeResults(HERE, tag, saved.machine, ms, summaries, markdown(summaries, sizes, saved.machine, jsonNotes(ms, sizes)));
    return;
  }
  // Our own browser process, killed at the end: a page that choked on the JSON path can hang a
  // normal close (and with it Playwright's fixture teardown) indefinitely.
  const browserServer = await chromium.launchServer({
    executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
    headless: true
  });
  const browser = await chromium.connect(browserServer.wsEndpoint());
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const sizes = sizesFromEnv();
  const steps = makePlan(sizes);
  const server = await startBenchServer();
  const raw = await startRawServer();
  const measurements: Measurement[] = [];
  const pageRecords = new Map<string, PageRecord>();
  crashed = '';
  page.on('crash', () => (crashed = 'the page (Chromium renderer) crashed'));
  const witness: Witness = { consoleErrors: [], serverLog: path.join(REPO, 'test-results', `jupyter-${new URL(server.url).port}.log`) };
  page.on('console', m => {
    if (m.type() === 'error' && witness.consoleErrors.length < 10) witness.consoleErrors.push(m.text().slice(0, 300));
  });
  try {
    writeBenchFiles(server.dir, steps);
    await addModelWatch(page, installBenchHooks);
    await page.goto(`${server.url}/lab/tree/${NOTEBOOK}?token=${server.token}`);
    await expect(page.locator('.jp-NotebookPanel .jp-Cell').nth(CELL.cleanup)).toBeVisible({ timeout: 120_000 });
    await expect(page.locator('#jp-main-statusbar')).toContainText('Idle', { timeout: 180_000 });
    await runCell(page, CELL.setup);

    for (const step of steps) {
      if (crashed) {
        pageRecords.set(step.id, { error: `not run: ${crashed}` });
        continue;
      }
      const started = Date.now();
      const frame = RAW_FRAME_BYTES[step.path];
      if (frame) {
        try {
          const r = await page.evaluate(rawWebSocketRun, { port: raw.port, nbytes: step.mib * MIB, frame });
          measurements.push({ step, ms: r.ms, detail: { frames: r.frames, total_ms: r.ms } });
        } catch (err) {
          measurements.push({ step, error: String(err) });
        }
      } else {
        try {
          const rec = await kernelStep(page, step, witness);
          pageRecords.set(step.id, rec);
          if (rec.error?.includes('kernel websocket to the page closed')) crashed = 'the kernel websocket was gone';
        } catch (err) {
          const why = crashed ? `failed: ${crashed} (${step.mib} MiB ${step.path})` : String(err).split('\n')[0];
          pageRecords.set(step.id, { error: why });
        }
      }
      console.log(`${step.id}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }

    const kernelFile = path.join(server.dir, 'bench-kernel.json');
    const kernel = fs.existsSync(kernelFile) ? JSON.parse(fs.readFileSync(kernelFile, 'utf8')) : { records: {} };
    for (const step of steps.filter(s => !RAW_FRAME_BYTES[s.path])) {
      measurements.push(measurement(step, pageRecords.get(step.id) ?? { error: 'no result' }, kernel.records[step.id]));
    }
    const summaries = summarize(measurements, sizes, PATHS);
    const machine = machineInfo(`Chromium ${browser.version()}`, kernel);
    machine.transport = Object.keys(transportOverride()).length ? JSON.stringify(transportOverride()) : 'defaults';
    const md = markdown(summaries, sizes, machine, jsonNotes(measurements, sizes));
    writeResults(HERE, process.env.NETLENS_BENCH_TAG ?? '', machine, measurements, summaries, md);
  } finally {
    raw.child.kill('SIGTERM');
    await stopBenchServer(server);
    await browserServer.kill();
  }
});
