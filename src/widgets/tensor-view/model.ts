/**
 * TensorView model: holds the decoded tensor (a view onto the received bytes, in host
 * memory — no tfjs tensor lives between renders), computes its statistics on the tfjs
 * backend, and reports backend, statistics and transfer state back to Python.
 */
import { DOMWidgetModel, type ISerializers } from '@jupyter-widgets/base';
import { decodeTable, decodeTensor, encodeTensor } from '../../transport/arrow';
import type { PayloadKind, Tensor } from '../../transport/types';
import { onBackendChange, type BackendInfo } from '../../runtime/backend';
import { startEngine } from '../shared/engine';
import { tensorStats, type TensorStats } from '../../methods/tensor-stats';
import { panelsFromTensor, type Layout } from '../../methods/panels';
import { MODULE_NAME, MODULE_VERSION } from '../../version';
import { errorText } from '../shared/messages';
import { PayloadChannel } from '../shared/payload-channel';
import { registerModel } from '../shared/debug-hook';

export class TensorViewModel extends DOMWidgetModel {
  static model_name = 'TensorViewModel';
  static model_module = MODULE_NAME;
  static model_module_version = MODULE_VERSION;
  static view_name = 'TensorViewView';
  static view_module = MODULE_NAME;
  static view_module_version = MODULE_VERSION;
  static serializers: ISerializers = { ...DOMWidgetModel.serializers };

  // Backbone calls initialize() from inside its constructor, before subclass field
  // initializers would run (and they would then reset what initialize() set): so the
  // fields are only declared here and set in initialize().
  /** The tensor, once received; `data` views the received bytes. */
  declare tensor: Tensor | null;
  /** One label per panel source (batch item or channel), from the kernel's table. */
  declare labels: string[];
  declare backendInfo: BackendInfo | null;
  private declare channel: PayloadChannel | null;
  private declare statsCache: Map<number, Promise<TensorStats>>;
  private declare unsubscribeBackend: (() => void) | null;

  defaults() {
    return {
      ...super.defaults(),
      _model_name: TensorViewModel.model_name,
      _model_module: MODULE_NAME,
      _model_module_version: MODULE_VERSION,
      _view_name: TensorViewModel.view_name,
      _view_module: MODULE_NAME,
      _view_module_version: MODULE_VERSION,
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
      backend: '',
      backend_reason: '',
      stats: {},
      transfer: {},
      error: ''
    };
  }

  initialize(attributes: any, options: any): void {
    super.initialize(attributes, options);
    this.tensor = null;
    this.labels = [];
    this.backendInfo = null;
    this.statsCache = new Map();
    registerModel(this);
    this.channel = new PayloadChannel(this);
    this.on('nl:payload', this.onPayload, this);
    this.on('nl:error', (message: string) => this.reportError(message), this);
    this.on('msg:custom', this.onRequest, this);
    // The first choice, and any later move (a lost GPU device), are handled alike.
    this.unsubscribeBackend = onBackendChange(info => this.adoptBackend(info));
    startEngine()
      .then(info => this.adoptBackend(info))
      .catch(err => this.reportError(errorText(err)));
    this.channel.ready();
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

  close(comm_closed?: boolean): Promise<void> {
    this.dispose();
    return super.close(comm_closed);
  }

  dispose(): void {
    this.channel?.dispose();
    this.channel = null;
    this.unsubscribeBackend?.();
    this.unsubscribeBackend = null;
    this.tensor = null;
    this.labels = [];
    this.statsCache.clear();
  }

  private onPayload(name: string, kind: PayloadKind, bytes: Uint8Array, ev: { ms?: number; crc32?: number | null }): void {
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
  private adoptBackend(info: BackendInfo): void {
    this.backendInfo = info;
    this.set('backend', info.name);
    this.set('backend_reason', info.fallbacks.map(f => `${f.backend}: ${f.reason}`).join('; '));
    this.save_changes();
    this.trigger('nl:backend', info);
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

  reportError(message: string): void {
    this.set('error', message);
    this.save_changes();
    this.trigger('nl:failed', message);
  }
}
