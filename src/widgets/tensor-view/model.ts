/**
 * TensorView model: holds the decoded tensor (a view onto the received bytes, in host
 * memory — no tfjs tensor lives between renders), computes its statistics on the tfjs
 * backend, and reports backend, statistics and transfer state back to Python.
 */
import { decodeTable, decodeTensor, encodeTensor } from '../../transport/arrow';
import type { PayloadKind, Tensor } from '../../transport/types';
import type { BackendInfo } from '../../runtime/backend';
import { startEngine } from '../shared/engine';
import { tensorStats, type TensorStats } from '../../methods/tensor-stats';
import { panelsFromTensor, type Layout } from '../../methods/panels';
import { NetlensModel } from '../shared/base-model';
import { errorText } from '../shared/messages';

export class TensorViewModel extends NetlensModel {
  static model_name = 'TensorViewModel';
  static view_name = 'TensorViewView';

  // Backbone calls initialize() from inside its constructor, before subclass field
  // initializers would run (and they would then reset what initialize() set): so the
  // fields are only declared here and set in initialize().
  /** The tensor, once received; `data` views the received bytes. */
  declare tensor: Tensor | null;
  /** One label per panel source (batch item or channel), from the kernel's table. */
  declare labels: string[];
  declare backendInfo: BackendInfo | null;
  private declare statsCache: Map<number, Promise<TensorStats>>;

  defaults() {
    return {
      ...super.defaults(),
      ...NetlensModel.identity(TensorViewModel.model_name, TensorViewModel.view_name),
      shape: [],
      dtype: '',
      dim_names: [],
      dim_order: 'HW',
      batch_index: 0,
      channel: -1,
      mode: 'auto',
      colormap: 'auto',
      scale: 'auto',
      symmetric: true,
      clip_percentile: 0,
      vmin: null,
      vmax: null,
      columns: 0,
      zoom: 1,
      theme: 'auto',
      title: '',
      float16: false,
      verify_transfer: false,
      stats: {},
      transfer: {}
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.tensor = null;
    this.labels = [];
    this.backendInfo = null;
    this.statsCache = new Map();
    this.on('msg:custom', this.onRequest, this);
    this.connect();
    this.channel!.ready();
  }

  /** Statistics of the finite values with `percentile` clipping, computed once per percentile. */
  statsFor(percentile: number): Promise<TensorStats> {
    const t = this.tensor;
    if (!t) {
      return Promise.reject(new Error('no tensor yet'));
    }
    let p = this.statsCache.get(percentile);
    if (!p) {
      p = startEngine().then(() => tensorStats(t.data, { percentile }));
      this.statsCache.set(percentile, p);
      p.then(s => this.reportStats(s)).catch(() => undefined);
    }
    return p;
  }

  /** The panels currently shown, as a tensor: what `TensorView.fetch_view()` returns in Python. */
  async currentPanels(): Promise<Tensor> {
    const t = this.tensor;
    if (!t) {
      throw new Error('no tensor yet');
    }
    await startEngine();
    const { panels } = panelsFromTensor(t, {
      layout: this.get('dim_order') as Layout,
      batch: this.get('batch_index'),
      channel: this.get('channel'),
      rgb: this.isRgb()
    });
    try {
      const data = (await panels.data()) as Float32Array;
      return { shape: panels.shape.slice(), dtype: 'float32', data, dimNames: [], sourceDtype: 'float32' };
    } finally {
      panels.dispose();
    }
  }

  /** RGB when asked for, or on `auto` when the channel axis holds 3 or 4 values. */
  isRgb(): boolean {
    const t = this.tensor;
    const layout = String(this.get('dim_order'));
    const c = layout.indexOf('C');
    const channels = t && c >= 0 ? t.shape[c] : 0;
    const mode = this.get('mode');
    if (mode === 'heatmap' || (channels !== 3 && channels !== 4)) {
      return false;
    }
    if (mode === 'rgb') {
      return true;
    }
    return this.get('channel') === -1;
  }

  dispose(): void {
    super.dispose();
    this.tensor = null;
    this.labels = [];
    this.statsCache.clear();
  }

  protected onPayload(name: string, kind: PayloadKind, bytes: Uint8Array, ev: { ms?: number; crc32?: number | null }): void {
    try {
      if (name === 'x' && kind === 'tensor') {
        this.tensor = decodeTensor(bytes);
        this.statsCache.clear();
        this.set('error', '');
        this.set('transfer', { state: 'done', nbytes: bytes.byteLength, ms: ev.ms ?? null, crc32: ev.crc32 ?? null });
        this.save_changes();
        this.trigger('nl:data');
      } else if (name === 'labels' && kind === 'table') {
        const table = decodeTable(bytes);
        const col = table.getChild('label') ?? table.getChildAt(0);
        this.labels = col ? Array.from(col.toArray() as ArrayLike<unknown>, v => (v == null ? '' : String(v))) : [];
        this.trigger('nl:data');
      }
    } catch (err) {
      this.reportError(errorText(err));
    }
  }

  private onRequest(content: any): void {
    if (!content || content.type !== 'nl:request' || content.what !== 'view') {
      return;
    }
    this.currentPanels()
      .then(t => this.channel?.send('view', 'tensor', encodeTensor(t)))
      .catch(err => this.reportError(errorText(err)));
  }

  /** Records the backend, tells Python, and lets views redraw on it. */
  protected adoptBackend(info: BackendInfo): void {
    this.backendInfo = info;
    this.reportBackend(info);
  }

  private reportStats(s: TensorStats): void {
    this.set('stats', {
      count: s.count,
      min: s.min,
      max: s.max,
      mean: s.mean,
      std: s.std,
      lo: s.lo,
      hi: s.hi,
      nan_count: s.nanCount,
      inf_count: s.posInfCount + s.negInfCount
    });
    this.save_changes();
  }
}
