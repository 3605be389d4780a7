/**
 * Host-side attribution results of one widget: per model, per method label and target slot k,
 * one [N, …] buffer filled example by example as chunks finish, with the per-example delta,
 * score and target class. Keys: `${label}|${k}`.
 */
import type { Tensor as WireTensor } from '../../transport/types';

export interface ResultBuffer {
  /** [N, ...shape] row-major. */
  data: Float32Array;
  /** Shape of one example's map. */
  shape: number[];
  done: Uint8Array;
  delta: Float32Array | null;
  scores: Float32Array;
  /** Class explained per example (−1 for index/tap targets). */
  targets: Int32Array;
  error: string | null;
}

export const resultKey = (label: string, k: number): string => `${label}|${k}`;

export class ResultStore {
  private readonly buffers = new Map<string, ResultBuffer>();

  constructor(readonly n: number) {}

  get(label: string, k: number): ResultBuffer | undefined {
    return this.buffers.get(resultKey(label, k));
  }

  /** Stores rows `examples` of a result computed on that subset ([examples.length, ...shape]). */
  put(label: string, k: number, examples: number[], shape: number[], data: Float32Array, delta: Float32Array | null, scores: Float32Array | null, targets: number[]): void {
    const key = resultKey(label, k);
    const per = shape.reduce((a, b) => a * b, 1);
    let b = this.buffers.get(key);
    if (b === undefined || b.data.length !== this.n * per) {
      b = { data: new Float32Array(this.n * per), shape, done: new Uint8Array(this.n), delta: null, scores: new Float32Array(this.n).fill(NaN), targets: new Int32Array(this.n).fill(-1), error: null };
      this.buffers.set(key, b);
    }
    examples.forEach((e, i) => {
      b!.data.set(data.subarray(i * per, (i + 1) * per), e * per);
      b!.done[e] = 1;
      if (delta) {
        b!.delta ??= new Float32Array(this.n).fill(NaN);
        b!.delta[e] = delta[i];
      }
      if (scores) b!.scores[e] = scores[i];
      b!.targets[e] = targets[i] ?? -1;
    });
  }

  fail(label: string, k: number, message: string): void {
    const key = resultKey(label, k);
    const b = this.buffers.get(key) ?? { data: new Float32Array(0), shape: [], done: new Uint8Array(this.n), delta: null, scores: new Float32Array(this.n).fill(NaN), targets: new Int32Array(this.n).fill(-1), error: null };
    b.error = message;
    this.buffers.set(key, b);
  }

  /** Whether every listed (label, k) has example e. */
  hasAll(labels: string[], slots: number, e: number): boolean {
    for (const label of labels) {
      for (let k = 0; k < slots; k++) {
        const b = this.get(label, k);
        if (!b || (!b.done[e] && b.error === null)) return false;
      }
    }
    return true;
  }

  /** Every buffer that is complete, as wire tensors named `${prefix}${label}|${k}` (+ "|delta", "|targets"). */
  toWire(prefix: string): Map<string, WireTensor> {
    const out = new Map<string, WireTensor>();
    this.buffers.forEach((b, key) => {
      if (b.error !== null || b.done.some(d => d === 0)) return;
      const f32 = (data: Float32Array, shape: number[]): WireTensor => ({ shape, dtype: 'float32', data, dimNames: [], sourceDtype: 'float32' });
      out.set(prefix + key, f32(b.data, [this.n, ...b.shape]));
      if (b.delta) out.set(`${prefix}${key}|delta`, f32(b.delta, [this.n]));
      out.set(`${prefix}${key}|scores`, f32(b.scores, [this.n]));
      out.set(`${prefix}${key}|targets`, { shape: [this.n], dtype: 'int32', data: b.targets, dimNames: [], sourceDtype: 'int32' });
    });
    return out;
  }

  /** Fills the store from wire tensors named like toWire's (the kernel path's results). */
  fromWire(tensors: Map<string, WireTensor>, prefix: string): void {
    tensors.forEach((t, name) => {
      if (!name.startsWith(prefix)) return;
      const parts = name.slice(prefix.length).split('|');
      if (parts.length !== 2) return;
      const [label, kText] = parts;
      const k = Number(kText);
      const key = `${prefix}${label}|${k}`;
      const all = Array.from({ length: this.n }, (_, i) => i);
      const delta = tensors.get(`${key}|delta`);
      const scores = tensors.get(`${key}|scores`);
      const targets = tensors.get(`${key}|targets`);
      this.put(label, k, all, t.shape.slice(1), t.data as Float32Array, delta ? (delta.data as Float32Array) : null, scores ? (scores.data as Float32Array) : null, targets ? Array.from(targets.data) : []);
    });
  }

  clear(): void {
    this.buffers.clear();
  }
}
