/**
 * Code that runs in the page (serialized by Playwright, so each function is self-contained):
 * the watch on ModelView models (when each timing arrived, by the page's Date.now(), which
 * compares with the kernel's time.time() on the same machine), and the per-backend forward
 * sweep on the compiled graph of the bench's ModelView.
 */

/** What the page saw of one ModelView model, from its creation (comm open) on. */
export interface ViewRecord {
  t_model_ms: number; // Date.now() when the JS model was created
  status: { status: string; t_ms: number }[];
  timings: Record<string, number>; // the model's `timings` trait, last value
  timings_at: Record<string, number>; // Date.now() when each timing key first appeared
  backend: string;
  backend_reason: string;
  error: string;
}

/**
 * Installed with page.addInitScript before JupyterLab loads, after the shared model watch
 * (../shared/model-watch.ts, which calls `watch` on every model from its first moment):
 * records every ModelView model.
 */
export function installBridgeHooks(): void {
  const g = globalThis as any;
  const views: any[] = [];
  const watch = (model: any) => {
    if (model.get('_model_name') !== 'ModelViewModel') return;
    const r: any = { t_model_ms: Date.now(), status: [], timings: {}, timings_at: {}, backend: '', backend_reason: '', error: '' };
    views.push(r);
    const read = () => {
      const now = Date.now();
      const t = model.get('timings') ?? {};
      for (const k of Object.keys(t)) if (r.timings_at[k] === undefined) r.timings_at[k] = now;
      r.timings = { ...t };
      const s = model.get('status') ?? '';
      if (r.status.length === 0 || r.status[r.status.length - 1].status !== s) r.status.push({ status: s, t_ms: now });
      r.backend = model.get('backend') ?? '';
      r.backend_reason = model.get('backend_reason') ?? '';
      r.error = model.get('error') ?? '';
    };
    model.on('change', read);
    read();
  };
  (g.__benchWatchers__ ??= []).push(watch);
  g.__bridgeBench__ = { views };
}

/** The latest ModelView record (the bench has one live at a time). */
export function latestView(): ViewRecord | null {
  const views = (globalThis as any).__bridgeBench__?.views ?? [];
  return views.length ? views[views.length - 1] : null;
}

export interface SweepArg {
  backends: string[]; // tried in this order, after the one the engine is on
  reps: Record<string, number>; // steady runs per backend (most)
  minReps: number; // steady runs per backend (least, even past maxSteadyMs)
  maxSteadyMs: number; // stop a backend's steady runs once they took this long
  files: string; // URL prefix of the Jupyter server's /files/ (the scratch root)
  query: string; // appended to those URLs (the token)
  wasmScript: string; // tfjs-backend-wasm UMD build, under `files`
  wasmBase: string; // where netlens serves the .wasm binaries (ends in '/')
}

export interface BackendRun {
  backend: string;
  ok: boolean;
  error?: string;
  reported?: string; // tf.getBackend() during the runs
  init_ms?: number; // tf.setBackend(name) + tf.ready()
  first_ms?: number; // first forward on this backend: weight move/upload, shader compile
  steady_ms?: number[]; // then each forward + readback of output 0
  max_rel_err?: number; // vs PyTorch's output, max |Δ| / max |ref|
  info?: Record<string, unknown>;
}

export interface SweepResult {
  engine: string; // the backend the netlens engine chose
  runs: BackendRun[];
  numTensorsBefore: number;
  numTensorsAfter: number;
  preread_ms: Record<string, number>;
}

/**
 * For each backend: switch tfjs to it (weights move on first use: a host copy, as they were
 * read back beforehand outside the clocks), run the graph's forward on the bench input and
 * read the output back, once (first) and then up to `reps` times (steady). The widget's own
 * graph is used, so the lowering is netlens', not a re-implementation.
 */
export async function backendSweep(arg: SweepArg): Promise<SweepResult> {
  const hook = (globalThis as any).__netlens__;
  const tf = hook.tf;
  const model = Array.from(hook.models as Set<any>).find((m: any) => m.get('_model_name') === 'ModelViewModel' && m.graph);
  if (!model) throw new Error('no compiled ModelView on the page');
  const graph = model.graph;
  const weights: Map<string, any> = graph.weightEnv;
  const engine: string = tf.getBackend();
  const fetchF32 = async (name: string) => {
    const r = await fetch(arg.files + name + arg.query);
    if (!r.ok) throw new Error(`${name}: HTTP ${r.status}`);
    return new Float32Array(await r.arrayBuffer());
  };
  const input = await fetchF32('bench-input.f32');
  const reference = await fetchF32('bench-output.f32');
  const shape = graph.ir.inputs[0].shape.map((d: unknown) => (typeof d === 'number' ? d : 1));
  const numTensorsBefore = tf.memory().numTensors;
  const preread: Record<string, number> = {};
  const order = [engine, ...arg.backends.filter(b => b !== engine)];
  const runs: BackendRun[] = [];
  const describe = (e: any) =>
    String(e instanceof Error ? e.message : typeof e?.message === 'string' ? e.message : typeof e === 'object' ? JSON.stringify(e) : e).slice(0, 400);
  const relErr = (out: Float32Array) => {
    let d = 0;
    let m = 0;
    for (let i = 0; i < reference.length; i++) {
      d = Math.max(d, Math.abs(out[i] - reference[i]));
      m = Math.max(m, Math.abs(reference[i]));
    }
    return out.length === reference.length ? d / m : NaN;
  };
  const once = async (x: any): Promise<{ ms: number; out: Float32Array }> => {
    const t0 = performance.now();
    const r = graph.forward([x]);
    let out: Float32Array;
    try {
      out = (await r.outputs[0].data()) as Float32Array;
    } finally {
      tf.dispose([...r.outputs, ...r.taps.values()]);
    }
    return { ms: performance.now() - t0, out };
  };

  const loadWasm = async (): Promise<void> => {
    if (tf.engine().registryFactory.wasm) return;
    // netlens' engine imports tfjs-backend-wasm only when WebGPU and WebGL both fail; load the
    // same version's UMD build into this page's tfjs, with the .wasm files netlens serves.
    const text = await (await fetch(arg.files + arg.wasmScript + arg.query)).text();
    const mod: any = { exports: {} };
    const req = (name: string) => (name === '@tensorflow/tfjs-core' ? tf : {});
    // eslint-disable-next-line no-new-func
    new Function('exports', 'module', 'require', 'define', text)(mod.exports, mod, req, undefined);
    mod.exports.setWasmPaths(arg.wasmBase);
  };

  for (const name of order) {
    const run: BackendRun = { backend: name, ok: false, info: {} };
    runs.push(run);
    let x: any = null;
    try {
      // Weights come back to the host first (not timed), so the move below is a host copy.
      const t0 = performance.now();
      await Promise.all([...weights.values()].map(t => t.data()));
      preread[name] = performance.now() - t0;
      if (name === 'wasm') await loadWasm();
      // tfjs only logs why a backend's factory failed: keep the reason (as netlens' activate.ts does).
      let why = '';
      const entry = tf.engine().registryFactory[name];
      const factory = entry?.factory;
      if (entry && !(name in tf.engine().registry)) {
        entry.factory = () => {
          try {
            const made = factory();
            return made && typeof made.then === 'function'
              ? made.catch((e: unknown) => {
                  why = describe(e);
                  throw e;
                })
              : made;
          } catch (e) {
            why = describe(e);
            throw e;
          }
        };
      }
      const t1 = performance.now();
      let started = false;
      try {
        started = await tf.setBackend(name);
      } finally {
        if (entry) entry.factory = factory;
      }
      if (!started) throw new Error(`tf.setBackend('${name}') failed${why ? `: ${why}` : entry ? '' : ': not registered'}`);
      await tf.ready();
      run.init_ms = performance.now() - t1;
      run.reported = tf.getBackend();
      const b: any = tf.backend();
      if (name === 'webgpu') {
        const a = b.adapterInfo ?? {};
        run.info = { adapter: `${a.vendor ?? ''} ${a.architecture ?? ''}`.trim() };
      } else if (name === 'webgl') {
        const gl = b.gpgpu?.gl;
        const ext = gl?.getExtension('WEBGL_debug_renderer_info');
        run.info = {
          renderer: ext ? gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) : gl?.getParameter(gl.RENDERER),
          webgl_version: tf.env().get('WEBGL_VERSION'),
          float32_render: tf.env().get('WEBGL_RENDER_FLOAT32_ENABLED')
        };
      } else if (name === 'wasm') {
        run.info = {
          simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
          threads: await tf.env().getAsync('WASM_HAS_MULTITHREAD_SUPPORT'),
          crossOriginIsolated: (globalThis as any).crossOriginIsolated === true
        };
      }
      x = tf.tensor(input, shape, 'float32');
      const first = await once(x);
      run.first_ms = first.ms;
      run.max_rel_err = relErr(first.out);
      run.steady_ms = [];
      const want = arg.reps[name] ?? arg.minReps;
      const s0 = performance.now();
      while (run.steady_ms.length < want && (run.steady_ms.length < arg.minReps || performance.now() - s0 < arg.maxSteadyMs)) {
        run.steady_ms.push((await once(x)).ms);
      }
      run.ok = true;
    } catch (e) {
      run.error = describe(e);
    } finally {
      if (x) tf.dispose(x);
    }
  }
  try {
    await Promise.all([...weights.values()].map(t => t.data()));
    await tf.setBackend(engine);
  } catch {
    // the widget is closed next anyway
  }
  return { engine, runs, numTensorsBefore, numTensorsAfter: tf.memory().numTensors, preread_ms: preread };
}
