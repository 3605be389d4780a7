/**
 * Turns the measurements into results.json and results.md: the median per path and size,
 * MiB/s, the ratios netlens/raw and netlens/JSON, and where netlens' time goes.
 */
import * as fs from 'fs';
import type { Path, Step } from './plan';

export interface Measurement {
  step: Step;
  ms?: number; // end to end, as defined in results.md
  error?: string;
  detail?: Record<string, number | string | null | undefined>;
}

export interface Machine {
  date: string;
  cpu: string;
  nproc: number;
  ramGiB: number;
  chromium: string;
  netlens: string;
  python: string;
  jupyterlab: string;
  transport?: string; // 'defaults', or the profiling override
}

export interface Summary {
  path: Path;
  mib: number;
  n: number;
  medianMs: number | null;
  mibPerS: number | null;
  errors: string[];
  breakdown: Record<string, number>;
}

export function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function summarize(ms: Measurement[], sizes: number[], paths: readonly Path[]): Summary[] {
  const out: Summary[] = [];
  for (const mib of sizes) {
    for (const path of paths) {
      const runs = ms.filter(m => !m.step.warmup && m.step.path === path && m.step.mib === mib);
      if (runs.length === 0) continue;
      const ok = runs.filter(m => m.ms !== undefined && !m.error);
      const med = median(ok.map(m => m.ms as number));
      const breakdown: Record<string, number> = {};
      const described = ok.length ? ok : runs; // a failed size still shows what the kernel did
      for (const key of Object.keys(described[0]?.detail ?? {})) {
        const vals = described.map(m => m.detail?.[key]).filter((v): v is number => typeof v === 'number');
        const v = median(vals);
        if (v !== null) breakdown[key] = v;
      }
      out.push({
        path,
        mib,
        n: ok.length,
        medianMs: med,
        mibPerS: med ? mib / (med / 1000) : null,
        errors: runs.filter(m => m.error).map(m => m.error as string),
        breakdown
      });
    }
  }
  return out;
}

const fmt = (x: number | null | undefined, digits = 0) =>
  x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

const sizeLabel = (mib: number) => (mib >= 1024 ? `${mib / 1024} GiB` : `${mib} MiB`);

function cell(s: Summary | undefined, notAttempted: string): string {
  if (!s) return notAttempted;
  if (s.mibPerS === null) return s.errors[0] ?? 'failed';
  return `${fmt(s.mibPerS, s.mibPerS < 10 ? 2 : 0)} MiB/s (${fmt(s.medianMs, s.medianMs! < 100 ? 1 : 0)} ms, n=${s.n})`;
}

export function markdown(summaries: Summary[], sizes: number[], machine: Machine, notes: Record<number, string>): string {
  const get = (path: Path, mib: number) => summaries.find(s => s.path === path && s.mib === mib);
  const lines: string[] = [];
  lines.push('# Transport benchmark: kernel → browser');
  lines.push('');
  lines.push(
    `Machine: ${machine.cpu}, ${machine.nproc} cores, ${machine.ramGiB} GiB RAM · ${machine.chromium} (headless) · ` +
      `netlens ${machine.netlens} · JupyterLab ${machine.jupyterlab} · Python ${machine.python} · ${machine.date}` +
      (machine.transport && machine.transport !== 'defaults' ? ` · **profiling run, kernel transport ${machine.transport}**` : '')
  );
  lines.push('');
  lines.push('Median of n runs; MiB = 2^20 bytes of float32 tensor data, shape (n, 1, 256, 256).');
  lines.push('');
  lines.push(
    '| size | netlens | JSON `tolist()` (BertViz) | raw WebSocket, 8 MiB frames | raw WebSocket, 1 MiB frames | netlens / raw (faster of the two) | netlens / JSON |'
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|');
  for (const mib of sizes) {
    const n = get('netlens', mib);
    const j = get('json', mib);
    const r8 = get('raw', mib);
    const r1 = get('raw-1m', mib);
    const limit = Math.max(r8?.mibPerS ?? 0, r1?.mibPerS ?? 0);
    const vsRaw = n?.mibPerS && limit ? `${fmt((100 * n.mibPerS) / limit)} %` : '—';
    const vsJson = n?.mibPerS && j?.mibPerS ? `${fmt(n.mibPerS / j.mibPerS, 1)}×` : '—';
    lines.push(
      `| ${sizeLabel(mib)} | ${cell(n, '—')} | ${cell(j, notes[mib] ?? 'not run')} | ${cell(r8, '—')} | ${cell(r1, '—')} | ${vsRaw} | ${vsJson} |`
    );
  }
  lines.push('');
  lines.push('Where netlens spends its time (medians, ms):');
  lines.push('');
  lines.push(
    '| size | encode (kernel, `TensorView()`) | → JS model exists | → `nl:begin` in browser | `nl:begin` → last chunk copied (`transfer.ms`) | of which: until chunk 0 copied | decode | end to end |'
  );
  lines.push('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const mib of sizes) {
    const b = get('netlens', mib)?.breakdown;
    if (!b) continue;
    lines.push(
      `| ${sizeLabel(mib)} | ${fmt(b.encode_ms, 1)} | ${fmt(b.model_ms, 1)} | ${fmt(b.setup_ms, 1)} | ${fmt(b.transfer_ms, 1)} | ${fmt(b.first_chunk_ms, 1)} | ${fmt(b.decode_ms, 1)} | ${fmt(b.total_ms, 1)} |`
    );
  }
  const jsonRows = sizes.map(mib => ({ mib, b: get('json', mib)?.breakdown })).filter(x => x.b);
  if (jsonRows.length) {
    lines.push('');
    lines.push('JSON path (medians, ms): kernel `tolist()` and `json.dumps`, then everything else until the script ran.');
    lines.push('');
    lines.push('| size | JSON text | tolist | dumps | send → script ran | end to end |');
    lines.push('|---:|---:|---:|---:|---:|---:|');
    for (const { mib, b } of jsonRows) {
      lines.push(
        `| ${sizeLabel(mib)} | ${fmt(b!.json_chars / 1e6, 1)} M chars | ${fmt(b!.tolist_ms, 0)} | ${fmt(b!.dumps_ms, 0)} | ${fmt(b!.rest_ms, 0)} | ${fmt(b!.total_ms, 0)} |`
      );
    }
  }
  lines.push('');
  lines.push('What each number includes:');
  lines.push(
    '- **netlens**: kernel clock (`time.time()`) just before `nl.TensorView(x)` → browser clock (`Date.now()`) when the model has ' +
      'the decoded tensor: Arrow encoding in the kernel, the comm open, the chunked and acknowledged ' +
      'transfer (8 MiB − 64 KiB chunks, window 4) through jupyter_server, assembly into one buffer and the Arrow decode. The widget is ' +
      'not displayed: no rendering or statistics. Tensor creation is outside the clock.'
  );
  lines.push(
    '- **JSON**: kernel clock just before `x.tolist()` → browser clock when the script has evaluated the literal: `tolist`, `json.dumps`, ' +
      'one `display(Javascript(...))` message through jupyter_server, JupyterLab receiving and rendering the output, and V8 parsing the array literal ' +
      '(as BertViz does).'
  );
  lines.push(
    '- **raw WebSocket**: a bare tornado server on 127.0.0.1 holding the bytes, streaming them as binary frames (of the netlens chunk size, and of 1 MiB) ' +
      'to the same page, which copies them into one buffer; timed in the page from the request to the last byte (connection already open). ' +
      'No Jupyter, no protocol, no encoding: the limit. The ratio uses the faster of the two framings.'
  );
  lines.push(
    '- **Caveat: the driver costs throughput.** Playwright drives Chromium over CDP with the Network domain on, so Chromium also ' +
      'reports every WebSocket frame to the driver (binary frames base64-encoded). Every path above pays that per byte on the wire, which ' +
      'caps them well below what the same browser does alone (see the raw WebSocket with no automation attached, below). Read the ratios; ' +
      'take the absolute MiB/s as lower bounds.'
  );
  return lines.join('\n') + '\n';
}

/** results.{json,md}, or results-<tag>.{json,md} for a profiling run (NETLENS_BENCH_TAG). */
export function writeResults(dir: string, tag: string, machine: Machine, measurements: Measurement[], summaries: Summary[], md: string): void {
  const base = `${dir}/results${tag ? `-${tag}` : ''}`;
  fs.writeFileSync(`${base}.json`, JSON.stringify({ machine, summaries, measurements }, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, md);
}
