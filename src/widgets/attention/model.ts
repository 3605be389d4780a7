/**
 * AttentionView model: the attention [layers, heads, Q, K] (and queries/keys) in host memory for
 * drawing, and the results the browser computes from it on the tfjs backend.
 *
 * 1. payload `attention` (tensors: attention, queries?, keys?) arrives → decoded zero-copy;
 * 2. rollout (self-attention only), head distances and head order are computed (methods/attention),
 *    read back to host arrays, every tensor disposed;
 * 3. the results go back to the kernel as one `results` payload; a change of `residual`
 *    recomputes the rollout and sends them again.
 */
import * as tf from '@tensorflow/tfjs';

import { attentionRollout, headOrder, layerHeadDistances } from '../../methods/attention';
import type { BackendInfo } from '../../runtime/backend';
import { decodeTensors, encodeTensors } from '../../transport/arrow';
import type { PayloadKind, Tensor as WireTensor } from '../../transport/types';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';

export const ATTENTION_PAYLOAD = 'attention';
export const RESULTS_PAYLOAD = 'results';

export interface AttentionResults {
  /** [layers, T, T], or null for cross attention. */
  rollout: Float32Array | null;
  /** [layers, heads, heads]. */
  distances: Float32Array;
  /** Per layer, heads in clustering order. */
  order: number[][];
}

export class AttentionViewModel extends NetlensModel {
  static model_name = 'AttentionViewModel';
  static view_name = 'AttentionViewView';

  declare attention: WireTensor | null;
  declare queryVectors: WireTensor | null;
  declare keyVectors: WireTensor | null;
  declare results: AttentionResults | null;
  declare backendInfo: BackendInfo | null;
  private declare engineUp: boolean;
  private declare computing: Promise<void>;
  /** The attention `results` were computed from. */
  private declare resultsFor: WireTensor | null;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(AttentionViewModel.model_name, AttentionViewModel.view_name),
      shape: [],
      tokens: [],
      key_tokens: [],
      layer_names: [],
      sentence_b_start: -1,
      has_vectors: false,
      row_warning: '',
      view: 'head',
      layer: 0,
      head: 0,
      heads: [],
      threshold: 0,
      focus: -1,
      pair: 'all',
      residual: true,
      title: '',
      timings: {}
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.attention = this.queryVectors = this.keyVectors = null;
    this.results = null;
    this.resultsFor = null;
    this.backendInfo = null;
    this.engineUp = false;
    this.computing = Promise.resolve();
    this.on('change:residual', () => this.compute(), this);
    this.connect().then(() => {
      this.engineUp = true;
      this.compute();
    }).catch(() => undefined);
    this.channel!.ready();
  }

  /** Query and key token strings (keys fall back to the queries' for self-attention). */
  tokenLists(): { queries: string[]; keys: string[] } {
    const queries = this.get('tokens') as string[];
    const keys = this.get('key_tokens') as string[];
    return { queries, keys: keys.length ? keys : queries };
  }

  dispose(): void {
    super.dispose();
    this.attention = this.queryVectors = this.keyVectors = null;
    this.results = null;
    this.resultsFor = null;
  }

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array, ev: { ms?: number }): void {
    if (name !== ATTENTION_PAYLOAD || kind !== 'tensors') {
      return;
    }
    try {
      const t0 = performance.now();
      const tensors = decodeTensors(bytes);
      this.attention = tensors.get('attention') ?? null;
      this.queryVectors = tensors.get('queries') ?? null;
      this.keyVectors = tensors.get('keys') ?? null;
      this.set('timings', { ...(this.get('timings') as object), transfer_ms: ev.ms ?? null, decode_ms: performance.now() - t0 });
      this.save_changes();
      this.trigger('nl:data');
      this.compute();
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  protected adoptBackend(info: BackendInfo): void {
    this.backendInfo = info;
    this.reportBackend(info);
  }

  /** Rollout, distances and order on the tfjs backend; then to the kernel. One job at a time. */
  private compute(): void {
    this.computing = this.computing.then(() => this.computeNow()).catch(err => this.reportError(errorText(err)));
  }

  private async computeNow(): Promise<void> {
    const a = this.attention;
    if (!a || !this.engineUp) {
      return;
    }
    const t0 = performance.now();
    const [layers, heads, q, k] = a.shape;
    const att = tf.tensor4d(a.data as Float32Array, [layers, heads, q, k]);
    let rollout: tf.Tensor | null = null;
    let distances: tf.Tensor | null = null;
    // Head distances depend on the attention alone: a change of `residual` recomputes only the rollout.
    const known = this.resultsFor === a ? this.results : null;
    try {
      rollout = q === k ? attentionRollout(att, { residual: this.get('residual') !== false }) : null;
      distances = known ? null : layerHeadDistances(att);
      const [r, d] = await Promise.all([rollout ? rollout.data() : Promise.resolve(null), distances ? distances.data() : Promise.resolve(null)]);
      const dist = known ? known.distances : (d as Float32Array);
      const order = known ? known.order : Array.from({ length: layers }, (_, l) => headOrder(dist.subarray(l * heads * heads, (l + 1) * heads * heads), heads));
      this.results = { rollout: r as Float32Array | null, distances: dist, order };
      this.resultsFor = a;
    } finally {
      tf.dispose([att, rollout, distances].filter((t): t is tf.Tensor => t !== null));
    }
    this.set('timings', { ...(this.get('timings') as object), results_ms: performance.now() - t0 });
    this.save_changes();
    this.trigger('nl:results');
    await this.sendResults(layers, heads, q);
  }

  private async sendResults(layers: number, heads: number, t: number): Promise<void> {
    const r = this.results;
    if (!r || !this.channel) {
      return;
    }
    const out = new Map<string, WireTensor>();
    const wire = (data: Float32Array | Int32Array, shape: number[], dtype: 'float32' | 'int32'): WireTensor =>
      ({ shape, dtype, data, dimNames: [], sourceDtype: dtype }) as WireTensor;
    if (r.rollout) out.set('rollout', wire(r.rollout, [layers, t, t], 'float32'));
    out.set('distances', wire(r.distances, [layers, heads, heads], 'float32'));
    out.set('order', wire(Int32Array.from(r.order.flat()), [layers, heads], 'int32'));
    await this.channel.send(RESULTS_PAYLOAD, 'tensors', encodeTensors(out));
  }
}
