/**
 * LossLandscape widget model: per model a compiled graph (browser) or rows streamed from the
 * kernel / Dask, one data batch, one plane (directions from Python, coordinates in `xs`/`ys`).
 *
 * 1. payloads: `data` (inputs + target), `weights:i`, `directions:i:<plane id>`; messages
 *    `nl:rows` (kernel rows) and `nl:cancel`;
 * 2. once engine, data, weights and the current plane's directions are in: compile → evaluate
 *    the grid coarse to fine (methods/landscape), redrawing as points land; a change of range,
 *    resolution or directions restarts the job;
 * 3. the finished grids go back to the kernel as one `results` payload ("i|loss", "i|accuracy").
 */
import * as tf from '@tensorflow/tfjs';

import { CancelledError } from '../../methods/attribution/errors';
import { evaluateGrid, isLossKind, progressiveOrder } from '../../methods/landscape';
import type { BackendInfo } from '../../runtime/backend';
import { compileGraph, type CompiledGraph } from '../../runtime/graph';
import { decodeTensors, encodeTensors } from '../../transport/arrow';
import type { PayloadKind, Tensor as WireTensor } from '../../transport/types';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';

export const DATA_PAYLOAD = 'data';
export const RESULTS_PAYLOAD = 'results';
export const MSG_ROWS = 'nl:rows';
export const MSG_CANCEL = 'nl:cancel';
/** Traits whose change restarts the grid. */
const RESTART_ON = ['xs', 'ys', 'plane', 'batch_size'];
/** How often progress reaches Python, and redraws happen, at most (ms). */
const PROGRESS_INTERVAL_MS = 200;
const REDRAW_INTERVAL_MS = 250;

export interface LandscapeModelInfo {
  name: string;
  compute_used: 'browser' | 'kernel';
  compute_reason: string;
  ir: string;
  notes: string[];
}

export interface Grid {
  nx: number;
  ny: number;
  loss: Float64Array;
  accuracy: Float64Array;
  known: Uint8Array;
}

interface Entry {
  info: LandscapeModelInfo;
  weights: Uint8Array | null;
  graph: CompiledGraph | null;
  /** Directions of the plane with id `planeId`. */
  directions: Map<string, WireTensor> | null;
  planeId: number;
  grid: Grid | null;
}

export class LossLandscapeModel extends NetlensModel {
  static model_name = 'LossLandscapeModel';
  static view_name = 'LossLandscapeView';

  declare entries: Entry[];
  declare data: Map<string, WireTensor> | null;
  private declare engineUp: boolean;
  private declare signal: { cancelled: boolean };
  private declare running: Promise<void>;
  private declare scheduled: boolean;
  private declare lastProgress: number;
  private declare lastRedraw: number;
  private declare compiledOn: string | null;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(LossLandscapeModel.model_name, LossLandscapeModel.view_name),
      models: [],
      mode: 'random_plane',
      loss: 'cross_entropy',
      normalization: 'filter',
      ignore: 'biasbn',
      seed: 0,
      range: [-1, 1],
      resolution: 21,
      xs: [],
      ys: [],
      plane: {},
      view: 'auto',
      log_scale: false,
      show_accuracy: false,
      azimuth: 35,
      elevation: 35,
      batch_size: 64,
      title: '',
      status: '',
      progress: {},
      nan_points: 0,
      timings: {}
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.data = null;
    this.engineUp = false;
    this.signal = { cancelled: false };
    this.running = Promise.resolve();
    this.scheduled = false;
    this.lastProgress = 0;
    this.lastRedraw = 0;
    this.compiledOn = null;
    this.entries = (this.get('models') as LandscapeModelInfo[]).map(info => ({ info, weights: null, graph: null, directions: null, planeId: -1, grid: null }));
    this.on('msg:custom', this.onMessage, this);
    this.on(RESTART_ON.map(k => `change:${k}`).join(' '), () => {
      this.entries.forEach(e => (e.grid = null));
      this.trigger('nl:grid');
      this.schedule();
    });
    this.connect()
      .then(() => {
        this.engineUp = true;
        this.schedule();
      })
      .catch(err => this.reportError(errorText(err)));
    this.channel!.ready();
  }

  get nx(): number {
    return (this.get('xs') as number[]).length;
  }

  get ny(): number {
    return Math.max(1, (this.get('ys') as number[]).length);
  }

  get planeId(): number {
    return Number((this.get('plane') as { id?: number }).id ?? 0);
  }

  cancel(): void {
    this.signal.cancelled = true;
    this.send({ type: MSG_CANCEL });
    this.setStatus('cancelled');
  }

  dispose(): void {
    this.signal.cancelled = true;
    super.dispose();
    this.entries.forEach(e => {
      e.graph?.dispose();
      e.graph = null;
      e.grid = null;
      e.directions = null;
    });
    this.data = null;
  }

  // --- payloads and messages ---------------------------------------------------------------

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array): void {
    try {
      if (kind !== 'tensors') return;
      const [what, i, id] = name.split(':');
      if (what === DATA_PAYLOAD) {
        this.data = decodeTensors(bytes);
      } else if (what === 'weights') {
        const e = this.entries[Number(i)];
        if (e) e.weights = bytes;
      } else if (what === 'directions') {
        const e = this.entries[Number(i)];
        if (e && Number(id) >= e.planeId) {
          e.directions = decodeTensors(bytes);
          e.planeId = Number(id);
        }
      }
      this.schedule();
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  private onMessage(content: any): void {
    if (!content || typeof content.type !== 'string') return;
    if (content.type === MSG_CANCEL) this.cancel();
    if (content.type === MSG_ROWS) this.onRows(content);
  }

  /** Kernel / Dask rows: written into the model's grid when they belong to the current plane. */
  private onRows(content: { model: number; plane: number; nx: number; ny: number; rows: number[]; loss: (number | null)[][]; accuracy: (number | null)[][] }): void {
    const e = this.entries[content.model];
    const ny = content.ny || 1;
    if (!e || content.plane !== this.planeId || content.nx !== this.nx || ny !== this.ny) return;
    e.grid ??= emptyGrid(this.nx, this.ny);
    content.rows.forEach((r, k) => {
      const lossRow = content.loss[k];
      const accRow = content.accuracy[k];
      for (let c = 0; c < lossRow.length; c++) {
        const i = r * this.nx + c;
        e.grid!.loss[i] = lossRow[c] ?? NaN;
        e.grid!.accuracy[i] = accRow[c] ?? NaN;
        e.grid!.known[i] = 1;
      }
    });
    this.trigger('nl:grid');
  }

  // --- jobs --------------------------------------------------------------------------------

  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.signal.cancelled = true;
    this.running = this.running
      .catch(() => undefined)
      .then(() => {
        this.scheduled = false;
        this.signal = { cancelled: false };
        return this.run(this.signal);
      })
      .catch(err => {
        if (err instanceof CancelledError) return;
        this.reportError(errorText(err));
      });
  }

  private async run(signal: { cancelled: boolean }): Promise<void> {
    const browser = this.entries.filter(e => e.info.compute_used === 'browser');
    if (!this.engineUp || !this.data || this.channel === null || browser.length === 0 || this.nx === 0) return;
    if (browser.some(e => e.weights === null || e.directions === null || e.planeId !== this.planeId)) return;
    if (browser.every(e => e.grid !== null && e.grid.known.every(k => k === 1))) return;
    const loss = String(this.get('loss'));
    if (!isLossKind(loss)) throw new Error(`unknown loss ${loss}`);
    const t0 = performance.now();
    const xs = this.get('xs') as number[];
    const ys = (this.get('ys') as number[]).length ? (this.get('ys') as number[]) : null;
    const order = progressiveOrder(this.nx, this.ny);
    const total = order.length * browser.length;
    this.set('nan_points', 0);
    for (const [k, e] of browser.entries()) {
      if (e.graph === null) {
        this.setStatus('compiling');
        e.graph = compileGraph(JSON.parse(e.info.ir), decodeTensors(e.weights!));
      }
      const names = e.graph.inputNames;
      const toTf = (w: WireTensor) => tf.tensor(w.data as any, w.shape, w.dtype === 'int32' ? 'int32' : 'float32');
      const inputs = names.map(n => {
        const w = this.data!.get(n);
        if (!w) throw new Error(`the data lacks the model input ${n}`);
        return toTf(w);
      });
      const target = this.data.has('target') ? toTf(this.data.get('target')!) : null;
      const directions: Map<string, tf.Tensor>[] = [new Map(), new Map()];
      e.directions!.forEach((w, key) => {
        const bar = key.indexOf('|');
        directions[Number(key.slice(0, bar))].set(key.slice(bar + 1), toTf(w));
      });
      const dims = ys === null ? 1 : 2;
      const grid = emptyGrid(this.nx, this.ny);
      e.grid = grid;
      this.setStatus('computing');
      try {
        const result = await evaluateGrid(
          { graph: e.graph, directions: directions.slice(0, dims), xs, ys, inputs, target, loss, batchSize: Number(this.get('batch_size')) },
          order,
          {
            signal,
            onPoint: p => {
              grid.loss[p.index] = p.loss;
              grid.accuracy[p.index] = p.accuracy;
              grid.known[p.index] = 1;
              this.maybeRedraw();
            },
            onProgress: done => this.setProgress(k * order.length + done, total, `${e.info.name}: ${done} of ${order.length} points`)
          }
        );
        if (signal.cancelled) return;
        e.grid = { ...grid, loss: result.loss, accuracy: result.accuracy, known: result.known };
      } finally {
        inputs.forEach(t => t.dispose());
        target?.dispose();
        directions.forEach(d => d.forEach(t => t.dispose()));
      }
    }
    this.trigger('nl:grid');
    const nan = browser.reduce((s, e) => s + (e.grid ? e.grid.loss.filter(v => !Number.isFinite(v)).length : 0), 0);
    this.set({ nan_points: nan, timings: { ...(this.get('timings') as object), grid_ms: performance.now() - t0, points: order.length } });
    this.setStatus('done');
    await this.sendResults();
  }

  private maybeRedraw(): void {
    const now = performance.now();
    if (now - this.lastRedraw < REDRAW_INTERVAL_MS) return;
    this.lastRedraw = now;
    this.trigger('nl:grid');
  }

  private async sendResults(): Promise<void> {
    const all = new Map<string, WireTensor>();
    this.entries.forEach((e, i) => {
      if (e.info.compute_used !== 'browser' || e.grid === null) return;
      const shape = (this.get('ys') as number[]).length ? [e.grid.ny, e.grid.nx] : [e.grid.nx];
      all.set(`${i}|loss`, { shape, dtype: 'float32', data: Float32Array.from(e.grid.loss), dimNames: [], sourceDtype: 'float32' });
      all.set(`${i}|accuracy`, { shape, dtype: 'float32', data: Float32Array.from(e.grid.accuracy), dimNames: [], sourceDtype: 'float32' });
    });
    if (all.size > 0) await this.channel?.send(RESULTS_PAYLOAD, 'tensors', encodeTensors(all));
  }

  private setProgress(done: number, total: number, what: string): void {
    const now = performance.now();
    if (done < total && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    this.set('progress', { done, total, what });
    this.save_changes();
  }

  private setStatus(status: string): void {
    this.set('status', status);
    this.save_changes();
  }

  protected adoptBackend(info: BackendInfo): void {
    this.reportBackend(info);
    if (this.compiledOn !== null && this.compiledOn !== info.name) {
      this.entries.forEach(e => {
        e.graph?.dispose();
        e.graph = null;
        if (e.info.compute_used === 'browser') e.grid = null;
      });
      this.schedule();
    }
    this.compiledOn = info.name;
  }

  reportError(message: string): void {
    super.reportError(message, { status: 'failed' });
  }
}

function emptyGrid(nx: number, ny: number): Grid {
  return { nx, ny, loss: new Float64Array(nx * ny).fill(NaN), accuracy: new Float64Array(nx * ny).fill(NaN), known: new Uint8Array(nx * ny) };
}
