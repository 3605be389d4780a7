/**
 * Code that runs in the page (serialized by Playwright): the arrival clocks for the netlens and
 * JSON paths, and the raw WebSocket reference. Wall-clock times are Date.now() so they compare
 * with the kernel's time.time() (same machine); in-page durations use performance.now().
 */

/** One browser-side measurement, keyed by step id in `globalThis.__bench__.records`. */
export interface PageRecord {
  path?: string;
  t0_ms?: number; // kernel clock start, as the kernel sent it
  t_model_ms?: number; // netlens: JS model created (comm_open handled)
  t_first_ms?: number; // netlens: first chunk copied
  t_assembled_ms?: number; // netlens: last chunk copied
  t1_ms?: number; // netlens: tensor decoded; json: literal evaluated
  transfer_ms?: number | null; // netlens' own nl:begin → complete
  nbytes?: number;
  numel?: number;
  error?: string;
}

/**
 * Installed with page.addInitScript before JupyterLab loads, after the shared model watch
 * (../shared/model-watch.ts, which calls `watch` on every model from its first moment):
 * defines `__bench__`.
 */
export function installBenchHooks(): void {
  const g = globalThis as any;
  const records: Record<string, any> = {};
  const watch = (model: any) => {
    const title: string = model.get('title') ?? '';
    if (!title.startsWith('bench|')) return;
    const [, id, t0] = title.split('|');
    const r: any = { path: 'netlens', t0_ms: Number(t0), t_model_ms: Date.now() };
    model.on('nl:progress', (name: string, received: number, total: number) => {
      if (name !== 'x') return;
      const now = Date.now();
      if (r.t_first_ms === undefined) r.t_first_ms = now;
      if (received === total) r.t_assembled_ms = now;
    });
    // `transfer` turns 'done' right after decodeTensor, before any view would render.
    model.on('change:transfer', () => {
      const tr = model.get('transfer');
      if (!tr || tr.state !== 'done' || r.t1_ms !== undefined) return;
      r.t1_ms = Date.now();
      r.transfer_ms = tr.ms;
      r.nbytes = tr.nbytes;
      r.numel = model.tensor ? model.tensor.data.length : null;
      records[id] = r;
    });
    model.on('nl:failed', (message: string) => {
      records[id] = { ...r, error: `netlens: ${message}` };
    });
  };
  (g.__benchWatchers__ ??= []).push(watch);
  g.__bench__ = {
    records,
    jsonDone(id: string, t0: number, t1: number, n: number) {
      records[id] = { path: 'json', t0_ms: t0, t1_ms: t1, numel: n };
    },
    failed(id: string, reason: string) {
      records[id] = { ...(records[id] ?? {}), error: reason };
    }
  };
}

/** Live netlens bench models on the page (0 once the kernel closed them). */
export function liveBenchModels(): number {
  const hook = (globalThis as any).__netlens__;
  if (!hook) return 0;
  return Array.from(hook.models as Set<any>).filter(m => String(m.get('title')).startsWith('bench|')).length;
}

export interface RawResult {
  ms: number;
  nbytes: number;
  frames: number;
}

/**
 * The reference: S bytes from a bare loopback WebSocket server, copied into one buffer as they
 * arrive (as netlens does). Timed from the request to the last byte; the server made the bytes
 * beforehand and the connection is already open.
 */
export async function rawWebSocketRun(arg: { port: number; nbytes: number; frame: number }): Promise<RawResult> {
  const ws = new WebSocket(`ws://127.0.0.1:${arg.port}/`);
  ws.binaryType = 'arraybuffer';
  await new Promise<void>((resolve, reject) => {
    ws.onopen = () => resolve();
    ws.onerror = () => reject(new Error('raw websocket: connection failed'));
  });
  await new Promise<void>(resolve => {
    ws.onmessage = () => resolve();
    ws.send(JSON.stringify({ prepare: arg.nbytes }));
  });
  try {
    return await new Promise<RawResult>((resolve, reject) => {
      let buf: Uint8Array | null = null;
      let got = 0;
      let frames = 0;
      const start = performance.now();
      ws.onmessage = (e: MessageEvent) => {
        buf = buf ?? new Uint8Array(arg.nbytes);
        const chunk = new Uint8Array(e.data as ArrayBuffer);
        buf.set(chunk, got);
        got += chunk.byteLength;
        frames += 1;
        if (got >= arg.nbytes) resolve({ ms: performance.now() - start, nbytes: got, frames });
      };
      ws.onerror = () => reject(new Error('raw websocket: error during transfer'));
      ws.onclose = () => reject(new Error(`raw websocket: closed after ${got} bytes`));
      ws.send(JSON.stringify({ go: true, frame: arg.frame }));
    });
  } finally {
    ws.onclose = null;
    ws.close();
  }
}
