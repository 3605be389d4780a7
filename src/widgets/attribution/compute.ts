/**
 * The browser's share of an Attribution widget's work, as cancellable jobs:
 *   predict   — each browser model's forward over the batch (chunks of examples) → top-k;
 *   attribute — for every example chunk (the shown page first), model, method and target slot:
 *               ExplainedModel on that chunk → runMethod → host buffers (ResultStore);
 *   randomize — the cascading model-randomization check for one example and method.
 * Every tensor is created and disposed here; results leave as host arrays.
 */
import * as tf from '@tensorflow/tfjs';

import {
  ExplainedModel,
  predictions,
  randomizationLayers,
  reinitialize,
  runMethod,
  spearman,
  type CancelSignal,
  type MethodSpec,
  type Predictions,
  type TargetSpec
} from '../../methods/attribution';
import type { CompiledGraph } from '../../runtime/graph';
import type { Tensor as WireTensor } from '../../transport/types';
import type { ResultStore } from './results';

/** Examples per forward when predicting (bounds activation memory). */
export const PREDICT_CHUNK = 16;
/**
 * Examples per chunk after the shown page: big enough that each method runs few, large passes
 * (a new batch size means new shaders on WebGPU), small enough that progress shows.
 */
export const REST_CHUNK = 16;

/** The shown page first, then the other examples in chunks of REST_CHUNK. */
export function chunksOf(page: number[], n: number): number[][] {
  const rest = Array.from({ length: n }, (_, i) => i).filter(i => !page.includes(i));
  const chunks = [page];
  for (let i = 0; i < rest.length; i += REST_CHUNK) chunks.push(rest.slice(i, i + REST_CHUNK));
  return chunks;
}
/** Top classes kept per example (the view's bar chart). */
export const TOP_CLASSES = 5;

/** A method as the kernel sends it (specs of python-shim/netlens/attribution/_specs.py). */
export interface MethodEntry extends MethodSpec {
  label: string;
  title: string;
}

/** The widget's `target` trait, normalized by Python. */
export type TargetEntry =
  | { kind: 'predicted' }
  | { kind: 'class'; classes: number[] }
  | { kind: 'index'; index: number[] }
  | { kind: 'indices'; indices: number[][] }
  | { kind: 'tap'; tap: string; index: number[]; reduce: 'mean' | 'sum' };

export interface Slot {
  index: number;
  graph: CompiledGraph | null;
  at: string | null;
  store: ResultStore;
  predictions: Predictions | null;
}

export interface JobCallbacks {
  progress(done: number, total: number, what: string): void;
  /** A chunk of examples finished for one model (redraw if shown). */
  chunk(slot: number, examples: number[]): void;
}

/** Target slots per example: top-k for predicted targets, else one. */
export function slotsOf(target: TargetEntry, topK: number): number {
  return target.kind === 'predicted' ? Math.max(1, topK) : 1;
}

/** The TargetSpec for examples `rows` and slot k; classes are the explained class per row (−1 if none). */
export function targetFor(target: TargetEntry, preds: Predictions | null, rows: number[], k: number): { spec: TargetSpec; classes: number[] } {
  switch (target.kind) {
    case 'predicted': {
      const classes = rows.map(e => preds?.top[e]?.classes[k] ?? 0);
      return { spec: { tap: null, indices: classes.map(c => [c]) }, classes };
    }
    case 'class': {
      const classes = rows.map(e => (target.classes.length === 1 ? target.classes[0] : target.classes[e]));
      return { spec: { tap: null, indices: classes.map(c => [c]) }, classes };
    }
    case 'index':
      return { spec: { tap: null, indices: [target.index] }, classes: rows.map(() => -1) };
    case 'indices':
      return { spec: { tap: null, indices: rows.map(e => target.indices[e]) }, classes: rows.map(() => -1) };
    case 'tap':
      return { spec: { tap: target.tap, indices: [target.index], reduce: target.reduce }, classes: rows.map(() => -1) };
  }
}

/** tf tensors of the model inputs for examples `rows` (the caller disposes). */
export function inputsFor(graph: CompiledGraph, inputs: Map<string, WireTensor>, rows: number[]): tf.Tensor[] {
  return graph.ir.inputs.map(spec => {
    const w = inputs.get(spec.name);
    if (w === undefined) throw new Error(`input ${spec.name} did not arrive with the inputs`);
    const per = w.shape.slice(1).reduce((a, b) => a * b, 1);
    const Ctor = w.dtype === 'int32' ? Int32Array : Float32Array;
    const data = new Ctor(rows.length * per);
    rows.forEach((e, i) => data.set((w.data as Float32Array).subarray(e * per, (e + 1) * per), i * per));
    return tf.tensor(data, [rows.length, ...w.shape.slice(1)], w.dtype === 'int32' ? 'int32' : 'float32');
  });
}

/** Forward over the batch in chunks; the first output's top classes per example. */
export async function predictAll(graph: CompiledGraph, inputs: Map<string, WireTensor>, n: number, signal: CancelSignal): Promise<Predictions> {
  const outs: Predictions[] = [];
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    if (signal.cancelled) throw new Error('cancelled');
    const rows = range(start, Math.min(n, start + PREDICT_CHUNK));
    const xs = inputsFor(graph, inputs, rows);
    try {
      const run = graph.forward(xs);
      try {
        outs.push(await predictions(run.outputs[0], TOP_CLASSES));
      } finally {
        tf.dispose(run.outputs);
      }
    } finally {
      tf.dispose(xs);
    }
    await tf.nextFrame();
  }
  const classes = outs[0]?.classes ?? 0;
  const probabilities = new Float32Array(n * classes);
  outs.forEach((p, i) => probabilities.set(p.probabilities, i * PREDICT_CHUNK * classes));
  return { top: outs.flatMap(p => p.top), probabilities, classes, softmax: outs[0]?.softmax ?? false };
}

/** Each example's mean activation of `layer` (the sample suggestion's histogram for one model). */
export async function layerMeans(graph: CompiledGraph, inputs: Map<string, WireTensor>, n: number, layer: string): Promise<Float32Array> {
  const out = new Float32Array(n);
  for (let start = 0; start < n; start += PREDICT_CHUNK) {
    const rows = range(start, Math.min(n, start + PREDICT_CHUNK));
    const xs = inputsFor(graph, inputs, rows);
    try {
      const run = graph.forward(xs, { taps: [layer] });
      const t = run.taps.get(layer)!;
      const means = tf.tidy(() => tf.mean(tf.reshape(t, [t.shape[0], -1]), 1));
      out.set((await means.data()) as Float32Array, start);
      tf.dispose([means, ...run.outputs, t].filter(v => !xs.includes(v)));
    } finally {
      tf.dispose(xs);
    }
  }
  return out;
}

export interface AttributeJob {
  slots: Slot[];
  inputs: Map<string, WireTensor>;
  given: Map<string, WireTensor>;
  methods: MethodEntry[];
  target: TargetEntry;
  topK: number;
  /** Groups of examples, computed in this order (the shown page first). */
  chunks: number[][];
  signal: CancelSignal;
}

/**
 * Computes every missing (model, method, slot, example) result, chunk by chunk. Errors of one
 * method are stored with its results (shown in its cells) and do not stop the others.
 */
export async function attributeAll(job: AttributeJob, cb: JobCallbacks): Promise<number> {
  const slots = job.slots.filter(s => s.graph !== null);
  const kSlots = slotsOf(job.target, job.topK);
  const chunks = job.chunks.filter(c => c.length > 0);
  const total = chunks.length * slots.length * job.methods.length * kSlots;
  let done = 0;
  let computed = 0;
  const given = new Map([...job.given].map(([name, w]) => [name, tf.tensor(w.data, w.shape, w.dtype === 'int32' ? 'int32' : 'float32')] as const));
  try {
    for (const rows of chunks) {
      for (const slot of slots) {
        const missing = rows.filter(e => !slot.store.hasAll(job.methods.map(m => m.label), kSlots, e));
        if (missing.length === 0) {
          done += job.methods.length * kSlots;
          continue;
        }
        const xs = inputsFor(slot.graph!, job.inputs, missing);
        let m: ExplainedModel | null = null;
        try {
          m = new ExplainedModel(slot.graph!, xs, { at: slot.at ?? undefined });
          for (const method of job.methods) {
            for (let k = 0; k < kSlots; k++) {
              const what = `${method.title} · examples ${missing[0]}${missing.length > 1 ? `–${missing[missing.length - 1]}` : ''}`;
              cb.progress(done, total, what);
              const before = done;
              await runOne(m, method, job, slot, missing, k, given, f => cb.progress(before + f, total, what));
              done++;
              computed++;
            }
          }
        } finally {
          m?.dispose();
          tf.dispose(xs);
        }
        cb.chunk(slot.index, missing);
        if (job.signal.cancelled) return computed;
      }
    }
    cb.progress(total, total, 'done');
    return computed;
  } finally {
    tf.dispose([...given.values()]);
  }
}

async function runOne(
  m: ExplainedModel,
  method: MethodEntry,
  job: AttributeJob,
  slot: Slot,
  rows: number[],
  k: number,
  given: Map<string, tf.Tensor>,
  progress: (fraction: number) => void
): Promise<void> {
  const { spec, classes } = targetFor(job.target, slot.predictions, rows, k);
  const n = slot.store.n;
  // Tensors shaped like the whole batch (a user baseline per example) are cut to this chunk's rows.
  const sliced: tf.Tensor[] = [];
  const tensors = new Map<string, tf.Tensor>();
  given.forEach((t, name) => {
    if (t.rank === m.x.rank && t.shape[0] === n && n !== rows.length) {
      const part = tf.gather(t, rows);
      sliced.push(part);
      tensors.set(name, part);
    } else {
      tensors.set(name, t);
    }
  });
  const noise = tensors.get(`${method.label}:noise`);
  if (noise) tensors.set('noise', noise);
  try {
    const a = await runMethod(m, m.x, spec, method, { tensors, signal: job.signal, onProgress: (d, t) => progress(t > 0 ? d / t : 0) });
    try {
      const [data, delta, scores] = await Promise.all([a.attributions.data(), a.delta?.data() ?? null, a.scores?.data() ?? null]);
      slot.store.put(method.label, k, rows, a.attributions.shape.slice(1), data as Float32Array, delta as Float32Array | null, scores as Float32Array | null, classes);
    } finally {
      tf.dispose([a.attributions, a.delta, a.scores].filter(t => t !== undefined) as tf.Tensor[]);
    }
  } catch (e) {
    if (job.signal.cancelled) return;
    slot.store.fail(method.label, k, e instanceof Error ? e.message : String(e));
  } finally {
    tf.dispose(sliced);
  }
}

export interface RandomizationResult {
  layers: string[];
  /** Per step (original first): the example's map, as computed. */
  maps: Float32Array[];
  shape: number[];
  spearman: number[];
  spearmanAbs: number[];
}

/**
 * Cascading randomization for example `e`: the original map, then one map per layer
 * re-initialized (from the output), each compared with the original by Spearman's ρ.
 */
export async function randomizationCheck(
  graph: CompiledGraph,
  at: string | null,
  inputs: Map<string, WireTensor>,
  e: number,
  method: MethodEntry,
  target: TargetSpec,
  seed: number,
  signal: CancelSignal,
  progress: (done: number, total: number) => void
): Promise<RandomizationResult> {
  const layers = randomizationLayers(graph);
  const xs = inputsFor(graph, inputs, [e]);
  const fresh: tf.Tensor[] = [];
  const maps: Float32Array[] = [];
  let shape: number[] = [];
  try {
    const weights = new Map<string, tf.Tensor>();
    for (let step = 0; step <= layers.length; step++) {
      if (step > 0) {
        reinitialize(graph, layers[step - 1], seed + 1000 * step).forEach((t, name) => {
          weights.set(name, t);
          fresh.push(t);
        });
      }
      const g = step === 0 ? graph : graph.derive({ weights });
      const m = new ExplainedModel(g, xs, { at: at ?? undefined });
      try {
        const a = await runMethod(m, m.x, target, method, { signal });
        shape = a.attributions.shape.slice(1);
        maps.push(Float32Array.from((await a.attributions.data()) as Float32Array));
        tf.dispose([a.attributions, a.delta, a.scores].filter(t => t !== undefined) as tf.Tensor[]);
      } finally {
        m.dispose();
        if (g !== graph) g.dispose();
      }
      progress(step + 1, layers.length + 1);
      if (signal.cancelled) throw new Error('cancelled');
    }
  } finally {
    tf.dispose([...xs, ...fresh]);
  }
  return {
    layers: ['original', ...layers.map(l => l.module)],
    maps,
    shape,
    spearman: maps.map(m => spearman(maps[0], m)),
    spearmanAbs: maps.map(m => spearman(maps[0], m, true))
  };
}

function range(a: number, b: number): number[] {
  return Array.from({ length: b - a }, (_, i) => a + i);
}
