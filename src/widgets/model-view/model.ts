/**
 * ModelView model: receives the IR (trait `ir`) and the weights (payload `weights`), compiles
 * them once the tfjs engine is up, and answers run requests (`nl:run` + payload `inputs`) with a
 * `result` payload. On the kernel path it only receives `result` payloads and keeps the last one
 * for the view, so both paths end in the same view.
 */
import * as tf from '@tensorflow/tfjs';

import { compileGraph, type CompiledGraph, type RunResult } from '../../runtime/graph';
import type { BackendInfo } from '../../runtime/backend';
import { decodeTensors, encodeTensors } from '../../transport/arrow';
import type { PayloadKind, Tensor } from '../../transport/types';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';

/** Payload and message names shared with python-shim/netlens/widgets/_model_link.py. */
export const WEIGHTS_PAYLOAD = 'weights';
export const INPUTS_PAYLOAD = 'inputs';
export const RESULT_PAYLOAD = 'result';
export const RUN_ID = 'run';
export const MSG_RUN = 'nl:run';

export interface RunRequest {
  id: number;
  kind: 'forward' | 'gradient';
  taps: string[];
  target?: number | null;
  of?: string | null;
  wrt?: string | null;
}

/** The last result shown: named tensors, where they were computed, and the run id. */
export interface ShownResult {
  id: number;
  where: 'browser' | 'kernel';
  tensors: Map<string, Tensor>;
}

export class ModelViewModel extends NetlensModel {
  static model_name = 'ModelViewModel';
  static view_name = 'ModelViewView';

  // Declared, set in initialize(): Backbone calls initialize() inside its constructor.
  declare graph: CompiledGraph | null;
  declare lastResult: ShownResult | null;
  private declare pending: Map<number, RunRequest>;
  private declare waitingInputs: Map<number, Map<string, Tensor>>;
  private declare graphReady: Promise<CompiledGraph> | null;
  private declare weightsArrived: (bytes: Uint8Array, ms: number | null) => void;
  private declare timingsSoFar: Record<string, number>;
  private declare queue: Promise<void>;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(ModelViewModel.model_name, ModelViewModel.view_name),
      compute: 'auto',
      compute_used: '',
      compute_reason: '',
      weights_dtype: 'float32',
      ir: '',
      layers: [],
      summary: {},
      taps: [],
      timings: {},
      status: ''
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.graph = null;
    this.lastResult = null;
    this.pending = new Map();
    this.waitingInputs = new Map();
    this.timingsSoFar = {};
    this.queue = Promise.resolve();
    this.on('msg:custom', this.onMessage, this);
    const engine = this.connect();
    if (this.get('compute_used') === 'browser') {
      this.setStatus('loading weights');
      const weights = new Promise<{ bytes: Uint8Array; ms: number | null }>(resolve => {
        this.weightsArrived = (bytes, ms) => resolve({ bytes, ms });
      });
      this.graphReady = Promise.all([engine, weights]).then(([, w]) => this.compile(w.bytes, w.ms));
      this.graphReady.catch(err => this.reportError(errorText(err)));
    } else {
      this.graphReady = null;
    }
    this.channel!.ready();
  }

  dispose(): void {
    super.dispose();
    this.graph?.dispose();
    this.graph = null;
    this.lastResult = null;
    this.pending.clear();
    this.waitingInputs.clear();
  }

  private compile(bytes: Uint8Array, transferMs: number | null): CompiledGraph {
    this.setStatus('compiling');
    const t0 = performance.now();
    const graph = compileGraph(this.get('ir'), decodeTensors(bytes));
    if (this.channel === null) {
      graph.dispose(); // closed while the weights were on their way
      throw new Error('closed');
    }
    this.graph = graph;
    this.recordTimings({ weights_ms: transferMs ?? NaN, weights_bytes: bytes.byteLength, compile_ms: performance.now() - t0 });
    this.setStatus('ready');
    this.trigger('nl:compiled');
    return graph;
  }

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array, ev: { ms?: number }): void {
    try {
      if (name === WEIGHTS_PAYLOAD && kind === 'tensors') {
        this.weightsArrived?.(bytes, ev.ms ?? null);
      } else if (name === INPUTS_PAYLOAD && kind === 'tensors') {
        const tensors = decodeTensors(bytes);
        const id = runIdOf(tensors);
        this.waitingInputs.set(id, tensors);
        this.startRun(id);
      } else if (name === RESULT_PAYLOAD && kind === 'tensors') {
        const tensors = decodeTensors(bytes);
        const id = runIdOf(tensors);
        tensors.delete(RUN_ID);
        this.show({ id, where: 'kernel', tensors });
      }
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  private onMessage(content: any): void {
    if (!content || content.type !== MSG_RUN) return;
    this.pending.set(content.id, content as RunRequest);
    this.startRun(content.id);
  }

  /** Runs a request once both its message and its inputs arrived; runs execute one at a time. */
  private startRun(id: number): void {
    const request = this.pending.get(id);
    const inputs = this.waitingInputs.get(id);
    if (request === undefined || inputs === undefined || this.graphReady === null) return;
    this.pending.delete(id);
    this.waitingInputs.delete(id);
    this.queue = this.queue
      .then(() => this.graphReady!)
      .then(graph => this.run(graph, request, inputs))
      .catch(err => this.reportError(errorText(err)));
  }

  private async run(graph: CompiledGraph, request: RunRequest, inputs: Map<string, Tensor>): Promise<void> {
    this.setStatus('running');
    const xs = graph.ir.inputs.map(spec => {
      const t = inputs.get(spec.name);
      if (t === undefined) throw new Error(`input ${spec.name} is missing from the run's inputs`);
      return tf.tensor(t.data, t.shape, t.dtype);
    });
    const t0 = performance.now();
    const held: tf.Tensor[] = [...xs];
    try {
      const out = new Map<string, tf.Tensor>();
      let run: RunResult;
      const taps = [...request.taps];
      if (request.kind === 'gradient') {
        const of = request.of ?? null;
        if (of !== null && !taps.includes(of)) taps.push(of);
        const wrt = request.wrt ?? graph.inputNames[0];
        const g = graph.gradient(xs, r => objective(r, of, request.target ?? null), { wrt: [wrt], taps });
        const value = g.value.reshape([1]);
        held.push(g.value, value, ...g.grads);
        out.set('value', value);
        out.set(`grad:${wrt}`, g.grads[0]);
        run = g;
      } else {
        run = graph.forward(xs, { taps });
      }
      held.push(...run.outputs, ...run.taps.values());
      run.outputs.forEach((o, k) => out.set(`output:${k}`, o));
      request.taps.forEach(name => out.set(`tap:${name}`, run.taps.get(name)!));
      const host = await toHost(out);
      const ms = performance.now() - t0;
      const key = request.kind === 'gradient' ? 'gradient_ms' : this.timingsSoFar.first_forward_ms === undefined ? 'first_forward_ms' : 'forward_ms';
      this.recordTimings({ [key]: ms });
      this.set('error', '');
      this.show({ id: request.id, where: 'browser', tensors: host });
      const reply = new Map(host);
      reply.set(RUN_ID, { shape: [1], dtype: 'int32', data: new Int32Array([request.id]), dimNames: [], sourceDtype: 'int32' });
      await this.channel?.send(RESULT_PAYLOAD, 'tensors', encodeTensors(reply));
      this.setStatus('ready');
    } finally {
      tf.dispose(held);
    }
  }

  private show(result: ShownResult): void {
    this.lastResult = result;
    this.trigger('nl:result', result);
  }

  private recordTimings(t: Record<string, number>): void {
    this.timingsSoFar = { ...this.timingsSoFar, ...t };
    this.set('timings', { ...this.timingsSoFar });
    this.save_changes();
  }

  private setStatus(status: string): void {
    this.set('status', status);
    this.save_changes();
  }

  protected adoptBackend(info: BackendInfo): void {
    this.reportBackend(info);
  }

  reportError(message: string): void {
    super.reportError(message, { status: 'failed' });
  }
}

/** ModelView.gradient's scalar: Σ T[:, target] (or Σ T), T the first output or the tap `of`. */
function objective(r: RunResult, of: string | null, target: number | null): tf.Scalar {
  const t = of === null ? r.outputs[0] : r.taps.get(of)!;
  return (target === null ? tf.sum(t) : tf.sum(tf.gather(t, [target], 1))) as tf.Scalar;
}

function runIdOf(tensors: Map<string, Tensor>): number {
  const id = tensors.get(RUN_ID);
  if (id === undefined) throw new Error('payload has no run id');
  return id.data[0];
}

/** Reads tensors back to host memory (bool as uint8, ints as int32, floats as float32). */
async function toHost(tensors: Map<string, tf.Tensor>): Promise<Map<string, Tensor>> {
  const out = new Map<string, Tensor>();
  for (const [name, t] of tensors) {
    const values = await t.data();
    const dtype = t.dtype === 'bool' ? 'bool' : t.dtype === 'int32' ? 'int32' : 'float32';
    const data = dtype === 'bool' ? Uint8Array.from(values as Uint8Array) : dtype === 'int32' ? Int32Array.from(values as Int32Array) : Float32Array.from(values as Float32Array);
    out.set(name, { shape: t.shape.slice(), dtype, data, dimNames: [], sourceDtype: dtype });
  }
  return out;
}
