/**
 * Turns the rounds into the summary rows of results.json and the table of results.md: median
 * and min of every figure, and its ratio to PyTorch's CPU forward measured in the same run.
 */
import type { BackendRun, SweepResult, ViewRecord } from './page-bench';

export interface Machine {
  date: string;
  cpu: string; // lscpu "Model name"
  cores: number; // lscpu "CPU(s)"
  ramGiB: number;
  git: string; // git describe --always --dirty of the checkout measured
  loadavg: number[]; // 1, 5, 15 min, when the run started (other work on the machine)
  loadavgEnd?: number[]; // the same when it ended
  chromium: string;
  tfjs: string;
  torch: string;
  torch_threads: number;
  python: string;
  netlens: string;
  jupyterlab: string;
}

export interface Round {
  view: any; // what kernel_bench.view() printed
  record: ViewRecord; // what the page saw of the widget
  sweep: SweepResult | { error: string };
  attempt?: number; // 2 when the first attempt at this round failed (see Saved.retries)
  pageErrors?: string[]; // the page's first console errors
}

export interface Saved {
  machine: Machine;
  config: Record<string, unknown>;
  setup: any; // kernel_bench.setup()
  kernel: any; // kernel_bench.kernel_times(), in the first round
  torchEnd?: any; // kernel_bench.torch_times(), after the last round
  rounds: Round[];
  retries?: string[]; // rounds whose first attempt failed, and why
  summary: Row[];
}

export interface Row {
  key: string;
  label: string;
  n: number;
  medianMs: number | null;
  minMs: number | null;
  ratio: number | null; // median / PyTorch forward median
  note: string;
}

const MIB = 2 ** 20;

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const finite = (xs: (number | undefined | null)[]) => xs.filter((x): x is number => typeof x === 'number' && Number.isFinite(x));
const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ms = (x: number | null | undefined) => fmt(x, x !== null && x !== undefined && Math.abs(x) < 100 ? 1 : 0);

function sweepRuns(saved: Saved, backend: string): BackendRun[] {
  return saved.rounds.flatMap(r => ('runs' in r.sweep ? r.sweep.runs.filter(x => x.backend === backend) : []));
}

export function backendsOf(saved: Saved): string[] {
  const seen = new Set<string>();
  for (const r of saved.rounds) if ('runs' in r.sweep) r.sweep.runs.forEach(x => seen.add(x.backend));
  return [...seen];
}

function errorsOf(runs: BackendRun[]): string[] {
  return [...new Set(runs.filter(x => !x.ok).map(x => x.error ?? 'failed'))];
}

export function summarize(saved: Saved): Row[] {
  const torchStart = finite(saved.kernel?.torch_forward_ms ?? []);
  const torchEnd = finite(saved.torchEnd?.torch_forward_ms ?? []);
  const torch = [...torchStart, ...torchEnd];
  const torchMedian = median(torch);
  const rows: Row[] = [];
  const add = (key: string, label: string, samples: number[], note = '', ratio = true) => {
    const med = median(samples);
    rows.push({
      key,
      label,
      n: samples.length,
      medianMs: med,
      minMs: samples.length ? Math.min(...samples) : null,
      ratio: ratio && med !== null && torchMedian ? med / torchMedian : null,
      note
    });
  };
  const rec = saved.rounds.map(r => r.record);
  const engine = rec.find(r => r.backend)?.backend ?? '?';
  add('export', 'export: `netlens.export(model, x)` in the kernel', finite(saved.kernel?.export_ms ?? []), `${saved.kernel?.ir_nodes ?? '?'} IR nodes`);
  add('construct', '`ModelView(...)` in the kernel (export + weights encode + send queued)', finite(saved.rounds.map(r => r.view?.construct_ms)));
  const bytes = finite(rec.map(r => r.timings.weights_bytes));
  const transfer = finite(rec.map(r => r.timings.weights_ms));
  const mib = bytes.length ? bytes[0] / MIB : NaN;
  const rates = finite(rec.map(r => r.timings.weights_bytes / MIB / (r.timings.weights_ms / 1000)));
  add(
    'transfer',
    `weights transfer kernel → browser (${fmt(mib, 1)} MiB)`,
    transfer,
    `${fmt(median(rates), 1)} MiB/s median, ${fmt(rates.length ? Math.max(...rates) : null, 1)} MiB/s best`
  );
  add('compile', 'compile (IR + weights → tfjs graph, in the browser)', finite(rec.map(r => r.timings.compile_ms)), `on ${engine}`);
  add(
    `first:${engine}:widget`,
    `first forward, ${engine} (the widget's own, cold page)`,
    finite(rec.map(r => r.timings.first_forward_ms)),
    'weights to the GPU + shader compile + readback'
  );
  const e2e = finite(saved.rounds.map(r => (r.record.timings_at.first_forward_ms ?? NaN) - (r.view?.t0_ms ?? NaN)));
  add('e2e', '`ModelView(...)` called → first result in the browser (end to end)', e2e);
  for (const b of backendsOf(saved)) {
    const runs = sweepRuns(saved, b);
    const ok = runs.filter(x => x.ok);
    const errs = errorsOf(runs);
    const note = errs.length ? `failed in ${runs.length - ok.length}/${runs.length} rounds: ${errs.join(' | ')}` : '';
    if (b === engine) {
      add(`first:${b}:sweep`, `first forward, ${b} (in the sweep: pipelines already compiled)`, finite(ok.map(x => x.first_ms)), note);
    } else {
      const what: Record<string, string> = {
        webgpu: 'weights upload + shader compile',
        webgl: 'weights to textures + shader compile',
        wasm: 'weights copied into wasm memory',
        cpu: 'weights moved to the cpu backend'
      };
      add(`first:${b}`, `first forward, ${b} (${what[b] ?? 'weights moved in'})`, finite(ok.map(x => x.first_ms)), note);
    }
  }
  for (const b of backendsOf(saved)) {
    const runs = sweepRuns(saved, b);
    const ok = runs.filter(x => x.ok);
    const errs = errorsOf(runs);
    const samples = finite(ok.flatMap(x => x.steady_ms ?? []));
    const perRound = ok.map(x => (x.steady_ms ?? []).length);
    const note = errs.length
      ? `failed: ${errs.join(' | ')}`
      : `${perRound.join('+')} runs over ${ok.length} rounds`;
    add(`steady:${b}`, `steady forward, ${b}`, samples, note);
  }
  add(
    'torch',
    'PyTorch CPU forward in the kernel (`torch.no_grad()`)',
    torch,
    `${saved.machine.torch_threads} threads; ${torchStart.length} runs before the rounds (median ${ms(median(torchStart))}) and ` +
      `${torchEnd.length} after them (median ${ms(median(torchEnd))}), each after ${saved.config.torchWarmup} warm-up calls`
  );
  return rows;
}

function backendDetails(saved: Saved): string[] {
  const lines: string[] = [];
  lines.push('| backend | started | `tf.getBackend()` | init (ms, median) | details | max rel. error vs PyTorch |');
  lines.push('|---|---|---|---:|---|---:|');
  for (const b of backendsOf(saved)) {
    const runs = sweepRuns(saved, b);
    const ok = runs.filter(x => x.ok);
    const started = `${ok.length}/${runs.length} rounds`;
    const info = ok[0]?.info ?? runs[0]?.info ?? {};
    const details = Object.entries(info)
      .map(([k, v]) => `${k}: ${v}`)
      .join(', ');
    const err = finite(ok.map(x => x.max_rel_err));
    const why = errorsOf(runs);
    lines.push(
      `| ${b} | ${started}${why.length ? ` — ${why.join(' | ')}` : ''} | ${ok[0]?.reported ?? '—'} | ${ms(median(finite(ok.map(x => x.init_ms))))} | ${details || '—'} | ${err.length ? Math.max(...err).toExponential(1) : '—'} |`
    );
  }
  return lines;
}

export function markdown(saved: Saved): string {
  const m = saved.machine;
  const s = saved.setup ?? {};
  const rows = saved.summary;
  const lines: string[] = [];
  const params = typeof s.parameters === 'number' ? `${(s.parameters / 1e6).toFixed(2)} M parameters` : '? parameters';
  lines.push(`# Model-bridge benchmark: ${s.model === 'resnet18' ? 'ResNet-18' : s.model_class ?? '?'} in the browser vs PyTorch`);
  lines.push('');
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores (lscpu), ${m.ramGiB} GiB RAM, no GPU, load average ${m.loadavg.join(' / ')} at the start${m.loadavgEnd ? `, ${m.loadavgEnd.join(' / ')} at the end` : ''} · ` +
      `${m.chromium} (headless) · TF.js ${m.tfjs} · PyTorch ${m.torch} (${m.torch_threads} threads) · Python ${m.python} · ` +
      `netlens ${m.netlens} (checkout ${m.git}) · JupyterLab ${m.jupyterlab} · ${m.date}`
  );
  lines.push('');
  lines.push(
    `Model: \`${s.model_class ?? '?'}\` (${s.model === 'resnet18' ? 'tests/models/suite.py `resnet18(num_classes=1000, width=64)`' : 'development stand-in'}), ` +
      `${params}, input ${JSON.stringify(s.input_shape ?? [])} float32, weights sent as float32. ` +
      `${saved.rounds.length} rounds, each in a freshly launched Chromium; kernel figures measured once, in the first round.`
  );
  lines.push('');
  lines.push('**Only the ratios mean something**: this machine has no GPU, so WebGPU and WebGL run on SwiftShader (CPU), on the same 2 cores as PyTorch, the kernel, the Jupyter server and the page.');
  lines.push('');
  lines.push('| figure | median ms | min ms | n | × PyTorch forward (median / median) | notes |');
  lines.push('|---|---:|---:|---:|---:|---|');
  for (const r of rows) {
    const ratio = r.ratio === null ? '—' : `${fmt(r.ratio, r.ratio < 10 ? 2 : r.ratio < 100 ? 1 : 0)}×`;
    lines.push(`| ${r.label} | ${ms(r.medianMs)} | ${ms(r.minMs)} | ${r.n} | ${r.key === 'torch' ? '1×' : ratio} | ${r.note.replace(/\|/g, '\\|')} |`);
  }
  lines.push('');
  lines.push('Backends:');
  lines.push('');
  lines.push(...backendDetails(saved));
  if (saved.retries?.length) {
    lines.push('');
    lines.push(`Rounds retried once (a fresh browser): ${saved.retries.join('; ')}`);
  }
  const failures = saved.rounds.map((r, i) => ('error' in r.sweep ? `round ${i + 1}: ${r.sweep.error}` : '')).filter(Boolean);
  if (failures.length) {
    lines.push('');
    lines.push(`Sweep failures: ${failures.join('; ')}`);
  }
  lines.push('');
  lines.push('What each figure includes:');
  lines.push(
    '- **export**: `time.perf_counter()` around `netlens.export(model, (x,))` in the kernel (torch.export capture + translation to the IR + weights as numpy), ' +
      `median of ${saved.config.exportReps}.`
  );
  lines.push('- **`ModelView(...)` in the kernel**: the constructor returning: export again, weights encoded as one Arrow payload, and queued on the chunked transport; one per round.');
  lines.push(
    '- **weights transfer**: the widget\'s own `timings.weights_ms`: the browser\'s clock from the payload\'s `nl:begin` to its last chunk copied, through a real jupyter_server ' +
      '(chunked, acknowledged transport, docs/transport.md). MiB = 2^20 bytes of the payload.'
  );
  lines.push('- **compile**: `timings.compile_ms`: Arrow decode of the weights, IR checks and `tf.tensor` for every weight (WebGPU uploads lazily, so the GPU copy lands in the first forward).');
  lines.push(
    `- **first forward, ${saved.summary.find(r => r.key.endsWith(':widget'))?.key.split(':')[1] ?? 'engine'} (the widget's own)**: \`timings.first_forward_ms\`: the forward the widget runs at once on the example input, ` +
      'in a page whose tfjs engine has never run a model: input tensor, every kernel\'s shader compile, weights to the device, the forward and the readback of the logits.'
  );
  lines.push('- **end to end**: kernel `time.time()` just before `ModelView(...)` → page `Date.now()` when the first forward\'s timing arrived (same machine clock).');
  lines.push(
    '- **Backend sweep** (after the widget\'s first forward, same page): the widget\'s compiled graph (`model.graph.forward([x])`) on each backend after `tf.setBackend(name)`, ' +
      'on the same input as PyTorch, timed as forward + `await outputs[0].data()`. The weights are read back to the host before each switch (not timed), so a ' +
      'backend\'s **first forward** includes moving them in from host memory and compiling its shaders/programs; the **steady** forwards follow ' +
      `(up to ${saved.config.steadyReps} per round, ${saved.config.cpuSteadyReps} on cpu, at least ${saved.config.minReps}, no more once a backend's took ${saved.config.maxSteadyS} s), ` +
      `pooled over rounds; the cpu backend (minutes per round) only in the first ${saved.config.cpuRounds} round(s). ` +
      'WebGPU is the backend the widget compiled on, so its sweep runs first and its pipelines are already compiled.'
  );
  lines.push(
    '- **wasm**: netlens\' engine imports tfjs-backend-wasm only when WebGPU and WebGL both fail, so the sweep loads the same version\'s UMD build into the page\'s tfjs ' +
      'and points it at the `.wasm` files netlens serves (labextension `static/wasm/`). JupyterLab pages are not cross-origin isolated, so no threads.'
  );
  lines.push(
    `- **PyTorch CPU forward**: \`time.perf_counter()\` around \`model(x)\` under \`torch.no_grad()\` in the kernel (default \`torch.set_num_threads\`), ` +
      `${saved.config.torchReps} runs after ${saved.config.torchWarmup} warm-up calls, once before the rounds and once after them, pooled; no model was live in the browser. ` +
      'Every ratio divides by this median.'
  );
  return lines.join('\n') + '\n';
}
