/**
 * Attribution widget model: one or more models (each compiled in the browser from its IR and
 * weights, or computed in the kernel by Captum), one batch of inputs, methods and a target.
 *
 * 1. payloads: `inputs` (every model input, batch N), `given` (user baselines), `weights:i`
 *    (browser models), `kernel:i` (kernel-path results and probabilities);
 * 2. once the engine, inputs and weights are in: compile → predict (top classes) → attribute,
 *    the shown examples first, in cancellable jobs; settings changes restart the job, keeping
 *    what still holds;
 * 3. results go back to the kernel as one `results` payload ("i|label|k", "…|delta", …).
 */
import { suggestionPoints, type Predictions, type SuggestionPoint } from '../../methods/attribution';
import { compileGraph } from '../../runtime/graph';
import type { BackendInfo } from '../../runtime/backend';
import { decodeTensors, encodeTensors } from '../../transport/arrow';
import type { PayloadKind, Tensor as WireTensor } from '../../transport/types';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';
import {
  attributeAll,
  chunksOf,
  layerMeans,
  predictAll,
  randomizationCheck,
  slotsOf,
  targetFor,
  type MethodEntry,
  type RandomizationResult,
  type Slot,
  type TargetEntry
} from './compute';
import { ResultStore } from './results';

/** Payload and message names shared with python-shim/netlens/widgets/attribution.py. */
export const INPUTS_PAYLOAD = 'inputs';
export const GIVEN_PAYLOAD = 'given';
export const RESULTS_PAYLOAD = 'results';
export const weightsPayload = (i: number): string => `weights:${i}`;
export const kernelPayload = (i: number): string => `kernel:${i}`;
export const MSG_CANCEL = 'nl:cancel';
export const MSG_RANDOMIZE = 'nl:randomize';

/** Traits whose change invalidates computed attributions. */
const RECOMPUTE_ON = ['methods', 'target', 'top_k'];
/** Traits that only change which examples come first. */
const REORDER_ON = ['index', 'rows'];
/** How often progress reaches Python at most (ms): each update is a comm message. */
const PROGRESS_INTERVAL_MS = 200;

export interface ModelInfo {
  name: string;
  compute_used: 'browser' | 'kernel';
  compute_reason: string;
  ir: string;
  at: string | null;
  layers: string[];
  notes: string[];
}

interface Entry extends Slot {
  info: ModelInfo;
  weights: Uint8Array | null;
}

export interface RandomizationShown extends RandomizationResult {
  model: number;
  label: string;
  example: number;
}

export class AttributionModel extends NetlensModel {
  static model_name = 'AttributionModel';
  static view_name = 'AttributionView';

  declare inputs: Map<string, WireTensor> | null;
  declare given: Map<string, WireTensor>;
  declare entries: Entry[];
  declare suggestions: SuggestionPoint[];
  /** Kernel-path results that arrived before the inputs (payloads may complete in any order). */
  private declare pendingKernel: Map<number, Map<string, WireTensor>>;
  declare activations: Float32Array | null;
  declare randomizationShown: RandomizationShown | null;
  private declare engineUp: boolean;
  private declare signal: { cancelled: boolean };
  private declare running: Promise<void>;
  private declare scheduled: boolean;
  private declare lastProgress: number;
  private declare compiledOn: string | null;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(AttributionModel.model_name, AttributionModel.view_name),
      models: [],
      methods: [],
      target: { kind: 'predicted' },
      top_k: 1,
      index: 0,
      rows: 1,
      kind: 'image',
      labels: [],
      tokens: [],
      feature_names: [],
      true_labels: [],
      sign: 'all',
      opacity: 0.6,
      clip_percentile: 2,
      channel_reduce: 'sum',
      panel: 'attributions',
      suggest_layer: '',
      title: '',
      status: '',
      progress: {},
      predictions: [],
      randomization: {},
      timings: {}
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.inputs = null;
    this.given = new Map();
    this.suggestions = [];
    this.pendingKernel = new Map();
    this.activations = null;
    this.randomizationShown = null;
    this.engineUp = false;
    this.signal = { cancelled: false };
    this.running = Promise.resolve();
    this.scheduled = false;
    this.lastProgress = 0;
    this.compiledOn = null;
    this.entries = [];
    this.buildEntries();
    this.on('msg:custom', this.onMessage, this);
    this.on(RECOMPUTE_ON.map(k => `change:${k}`).join(' '), () => {
      this.entries.forEach(e => e.graph !== null && e.store.clear());
      this.schedule();
    });
    this.on(REORDER_ON.map(k => `change:${k}`).join(' '), () => this.schedule());
    this.on('change:suggest_layer', () => void this.updateLayerMeans());
    this.connect()
      .then(() => {
        this.engineUp = true;
        this.schedule();
      })
      .catch(err => this.reportError(errorText(err)));
    this.channel!.ready();
  }

  get n(): number {
    const first = this.inputs?.values().next().value as WireTensor | undefined;
    return first?.shape[0] ?? 0;
  }

  get methodEntries(): MethodEntry[] {
    return this.get('methods') as MethodEntry[];
  }

  get targetEntry(): TargetEntry {
    return this.get('target') as TargetEntry;
  }

  get slots(): number {
    return slotsOf(this.targetEntry, Number(this.get('top_k')));
  }

  /** The examples shown first: the page starting at `index`. */
  page(): number[] {
    const n = this.n;
    const rows = Math.max(1, Number(this.get('rows')));
    const start = Math.min(Math.max(0, Number(this.get('index'))), Math.max(0, n - 1));
    return Array.from({ length: Math.min(rows, n - start) }, (_, i) => start + i);
  }

  /** Stops the running job at its next chunk boundary. */
  cancel(): void {
    this.signal.cancelled = true;
    this.setStatus('cancelled');
  }

  dispose(): void {
    this.signal.cancelled = true;
    super.dispose();
    this.entries.forEach(e => {
      e.graph?.dispose();
      e.graph = null;
      e.store.clear();
    });
    this.inputs = null;
    this.randomizationShown = null;
  }

  // --- payloads and messages ---------------------------------------------------------------

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array): void {
    try {
      if (kind !== 'tensors') return;
      if (name === INPUTS_PAYLOAD) {
        this.inputs = decodeTensors(bytes);
        this.entries.forEach(e => (e.store = new ResultStore(this.n)));
        this.trigger('nl:inputs');
        this.pendingKernel.forEach((tensors, i) => this.onKernelResults(i, tensors));
        this.pendingKernel.clear();
      } else if (name === GIVEN_PAYLOAD) {
        this.given = decodeTensors(bytes);
      } else if (name.startsWith('weights:')) {
        const e = this.entries[Number(name.slice('weights:'.length))];
        if (e) e.weights = bytes;
      } else if (name.startsWith('kernel:')) {
        this.onKernelResults(Number(name.slice('kernel:'.length)), decodeTensors(bytes));
        return;
      }
      this.schedule();
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  private onKernelResults(i: number, tensors: Map<string, WireTensor>): void {
    const e = this.entries[i];
    if (!e) return;
    if (!this.inputs) {
      this.pendingKernel.set(i, tensors);
      return;
    }
    const probs = tensors.get('probabilities');
    if (probs) e.predictions = predictionsFromProbabilities(probs);
    e.store = new ResultStore(this.n);
    e.store.fromWire(tensors, '');
    this.publishPredictions();
    this.trigger('nl:chunk', i, this.page());
    this.publishErrors();
  }

  private onMessage(content: any): void {
    if (!content || typeof content.type !== 'string') return;
    if (content.type === MSG_CANCEL) this.cancel();
    if (content.type === MSG_RANDOMIZE) {
      void this.randomize(Number(content.model ?? 0), String(content.label ?? ''), Number(content.index ?? this.get('index')), Number(content.seed ?? 0));
    }
  }

  // --- jobs --------------------------------------------------------------------------------

  /** Restarts the job once the current one has stopped (coalescing bursts of changes). */
  schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    this.signal.cancelled = true;
    const previous = this.running;
    this.running = previous
      .catch(() => undefined)
      .then(() => {
        this.scheduled = false;
        this.signal = { cancelled: false };
        return this.run(this.signal);
      })
      .catch(err => this.reportError(errorText(err)));
  }

  private async run(signal: { cancelled: boolean }): Promise<void> {
    if (!this.engineUp || !this.inputs || this.channel === null) return;
    const browser = this.entries.filter(e => e.info.compute_used === 'browser');
    if (browser.some(e => e.weights === null)) return; // the rest of the weights are on their way
    const t0 = performance.now();
    for (const e of browser) {
      if (e.graph === null) {
        this.setStatus('compiling');
        e.graph = compileGraph(JSON.parse(e.info.ir), decodeTensors(e.weights!));
      }
      if (e.predictions === null) {
        this.setStatus('predicting');
        e.predictions = await predictAll(e.graph, this.inputs, this.n, signal);
      }
    }
    if (this.activations === null && this.get('suggest_layer')) await this.updateLayerMeans(false);
    this.publishPredictions();
    if (signal.cancelled || this.methodEntries.length === 0) return;
    this.setStatus('computing');
    const computed = await attributeAll(
      {
        slots: browser,
        inputs: this.inputs,
        given: this.given,
        methods: this.methodEntries,
        target: this.targetEntry,
        topK: Number(this.get('top_k')),
        chunks: chunksOf(this.page(), this.n),
        signal
      },
      {
        progress: (done, total, what) => this.setProgress(done, total, what),
        chunk: (slot, examples) => this.trigger('nl:chunk', slot, examples)
      }
    );
    if (signal.cancelled) return;
    this.publishErrors();
    if (computed > 0) this.recordTimings({ attribution_ms: performance.now() - t0 });
    this.setStatus('done');
    if (computed > 0) await this.sendResults();
  }

  private async sendResults(): Promise<void> {
    const all = new Map<string, WireTensor>();
    this.entries.forEach((e, i) => {
      if (e.graph === null) return;
      e.store.toWire(`${i}|`).forEach((t, name) => all.set(name, t));
    });
    if (all.size > 0) await this.channel?.send(RESULTS_PAYLOAD, 'tensors', encodeTensors(all));
  }

  /** The cascading model-randomization check for one example and method (see methods/attribution/randomization). */
  async randomize(model: number, label: string, example: number, seed: number): Promise<void> {
    const e = this.entries[model];
    const method = this.methodEntries.find(m => m.label === label) ?? this.methodEntries[0];
    try {
      if (!e || e.graph === null || !this.inputs || !method) {
        throw new Error(e && e.graph === null && e.info.compute_used === 'kernel' ? 'the randomization check runs in the browser; this model runs in the kernel' : 'nothing to randomize yet: wait until the model is ready');
      }
      this.setStatus('randomizing');
      const { spec } = targetFor(this.targetEntry, e.predictions, [example], 0);
      const signal = this.signal;
      const r = await randomizationCheck(e.graph, e.at, this.inputs, example, method, spec, seed, signal, (d, t) => this.setProgress(d, t, `randomization check · ${method.title}`));
      this.randomizationShown = { ...r, model, label: method.label, example };
      this.set('randomization', { model, method: method.label, index: example, layers: r.layers, spearman: r.spearman, spearman_abs: r.spearmanAbs });
      this.set('panel', 'randomization');
      this.save_changes();
      this.setStatus('done');
      this.trigger('nl:randomization');
    } catch (err) {
      this.reportError(`randomization check: ${errorText(err)}`);
    }
  }

  // --- reporting ---------------------------------------------------------------------------

  /** The chosen layer's mean activation per input, for the one-model suggestion histogram. */
  private async updateLayerMeans(publish = true): Promise<void> {
    const layer = String(this.get('suggest_layer') || '');
    const e = this.entries[0];
    this.activations = null;
    try {
      if (layer && e?.graph && this.inputs) this.activations = await layerMeans(e.graph, this.inputs, this.n, layer);
    } catch (err) {
      this.reportError(`sample suggestion: ${errorText(err)}`);
    }
    if (publish) this.publishPredictions();
  }

  private publishPredictions(): void {
    const labels = (this.get('true_labels') as number[]) ?? [];
    const withProbs = this.entries.filter(e => e.predictions !== null && e.predictions.classes > 0);
    this.suggestions = suggestionPoints(withProbs.map(e => e.predictions!), this.n, labels, this.entries.length === 1 ? this.activations : null);
    this.set(
      'predictions',
      this.entries.map(e => ({ name: e.info.name, top: e.predictions?.top ?? [], softmax: e.predictions?.softmax ?? false }))
    );
    this.save_changes();
    this.trigger('nl:predictions');
  }

  /** The first failed method (per model) goes to the error trait, so the kernel sees it too. */
  private publishErrors(): void {
    const errors: string[] = [];
    this.entries.forEach(e => {
      for (const m of this.methodEntries) {
        for (let k = 0; k < this.slots; k++) {
          const b = e.store.get(m.label, k);
          if (b?.error) {
            errors.push(`${e.info.name} · ${m.title}: ${b.error}`);
            break;
          }
        }
      }
    });
    this.set('error', errors.join('\n'));
    this.save_changes();
  }

  private setProgress(done: number, total: number, what: string): void {
    const now = performance.now();
    if (done < total && now - this.lastProgress < PROGRESS_INTERVAL_MS) return;
    this.lastProgress = now;
    this.set('progress', { done, total, what });
    this.save_changes();
    this.trigger('nl:progress-job', done, total, what);
  }

  private recordTimings(t: Record<string, number>): void {
    this.set('timings', { ...(this.get('timings') as Record<string, number>), ...t });
    this.save_changes();
  }

  private setStatus(status: string): void {
    this.set('status', status);
    this.save_changes();
  }

  private buildEntries(): void {
    const infos = this.get('models') as ModelInfo[];
    this.entries = infos.map((info, index) => ({
      index,
      info,
      graph: null,
      at: info.at,
      store: new ResultStore(0),
      predictions: null,
      weights: null
    }));
  }

  protected adoptBackend(info: BackendInfo): void {
    this.reportBackend(info);
    // Graphs live in the old backend's memory (a lost GPU device): recompile and recompute on the new one.
    if (this.compiledOn !== null && this.compiledOn !== info.name) {
      this.entries.forEach(e => {
        e.graph?.dispose();
        e.graph = null;
        e.predictions = null;
        if (e.info.compute_used === 'browser') e.store.clear();
      });
      this.schedule();
    }
    this.compiledOn = info.name;
  }

  reportError(message: string): void {
    super.reportError(message, { status: 'failed' });
  }
}

/** Predictions from a kernel-path [N, C] probability tensor. */
function predictionsFromProbabilities(p: WireTensor): Predictions {
  const [n, classes] = p.shape;
  const data = Float32Array.from(p.data as Float32Array);
  const top = Array.from({ length: n }, (_, i) => {
    const row = Array.from(data.subarray(i * classes, (i + 1) * classes));
    const order = row.map((_, c) => c).sort((a, b) => row[b] - row[a]).slice(0, 5);
    return { classes: order, scores: order.map(c => row[c]) };
  });
  return { top, probabilities: data, classes, softmax: true };
}
