/**
 * AttentionView view: header (backend), warnings and errors, controls, and one body that shows
 * the chosen view: head view, model view (layers × heads), matrix, neuron view, rollout — all on
 * canvas, so 12 × 12 heads at 512+ tokens stay responsive — or the head-similarity heatmap
 * (Vega-Lite). Tokens are drawn with fillText or set as textContent: never parsed as HTML.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import embed, { type Result } from 'vega-embed';

import { schemeLUT } from '../../views/colormaps';
import { headLines, neuronRows, pairRanges, similaritySpec, isPair } from '../../views/attention';
import { vegaLiteConfig } from '../../views/theme';
import { debugHook } from '../shared/debug-hook';
import { download, el, perFrame, showMessage } from '../shared/dom';
import { messages } from '../shared/messages';
import { readThemeColors, watchTheme } from '../shared/theme-reader';
import { buildControls, type Controls } from './controls';
import { paintModelGrid } from './grid-canvas';
import { paintHeadView, type HeadHit } from './head-canvas';
import { paintMatrix } from './matrix-canvas';
import type { AttentionViewModel } from './model';
import { paintNeuron } from './neuron-canvas';

const REDRAW_ON = ['view', 'layer', 'head', 'heads', 'threshold', 'focus', 'pair', 'title'].map(k => `change:${k}`).join(' ');

export class AttentionViewView extends DOMWidgetView {
  declare model: AttentionViewModel;
  private badge!: HTMLElement;
  private reason!: HTMLElement;
  private warning!: HTMLElement;
  private errorBox!: HTMLElement;
  private controls!: Controls;
  private body!: HTMLElement;
  private canvas!: HTMLCanvasElement;
  private tooltip!: HTMLElement;
  private status!: HTMLElement;
  private embedded: Result | null = null;
  private hit: ((x: number, y: number) => unknown) | null = null;
  private hover: HeadHit | null = null;
  private token = 0;
  private cleanups: (() => void)[] = [];
  /** Time of the last paint, ms (tests and the benchmark read it). */
  lastPaintMs = 0;

  render(): void {
    this.el.classList.add('nl-widget', 'nl-attention');
    const header = el('div', 'nl-header');
    const [layers, heads, q, k] = this.model.get('shape') as number[];
    header.append(el('strong', 'nl-title', String(this.model.get('title') || `Attention · ${layers} layers × ${heads} heads · ${q}${q === k ? '' : ` × ${k}`} tokens`)));
    this.badge = el('span', 'nl-badge nl-backend', 'tfjs: …');
    header.append(this.badge);
    this.reason = el('div', 'nl-backend-reason');
    this.warning = el('div', 'nl-backend-reason nl-row-warning', String(this.model.get('row_warning') || ''));
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    this.controls = buildControls(this.model, () => this.png());
    this.body = el('div', 'nl-attention-body');
    this.canvas = el('canvas', 'nl-attention-canvas');
    this.tooltip = el('div', 'nl-tooltip');
    this.status = el('div', 'nl-status', 'waiting for the attention…');
    this.el.append(header, this.reason, this.warning, this.errorBox, this.controls.root, this.body, this.tooltip, this.status);

    this.listenTo(this.model, REDRAW_ON, this.schedule);
    this.listenTo(this.model, 'nl:data nl:results', this.schedule);
    this.listenTo(this.model, 'change', () => this.controls.sync());
    this.listenTo(this.model, 'change:error nl:failed', this.showError);
    this.listenTo(this.model, 'nl:backend change:backend change:backend_reason', this.showBackend);
    this.listenTo(this.model, 'nl:progress', (_n: string, received: number, total: number) => {
      this.status.textContent = messages.receiving(received, total);
    });
    const move = (ev: MouseEvent) => this.onMove(ev);
    const leave = () => this.onLeave();
    const click = (ev: MouseEvent) => this.onClick(ev);
    this.canvas.addEventListener('mousemove', move);
    this.canvas.addEventListener('mouseleave', leave);
    this.canvas.addEventListener('click', click);
    this.cleanups.push(() => {
      this.canvas.removeEventListener('mousemove', move);
      this.canvas.removeEventListener('mouseleave', leave);
      this.canvas.removeEventListener('click', click);
    });
    this.cleanups.push(watchTheme(() => this.schedule()));
    debugHook().views.add(this);
    this.showBackend();
    this.showError();
    this.schedule();
  }

  remove(): any {
    this.token++;
    this.embedded?.finalize();
    this.embedded = null;
    this.cleanups.splice(0).forEach(c => c());
    debugHook().views.delete(this);
    return super.remove();
  }

  /** The live Vega view of the similarity heatmap, if shown. */
  get vegaView() {
    return this.embedded?.view ?? null;
  }

  private schedule = perFrame(() => void this.draw());

  private async draw(): Promise<void> {
    const a = this.model.attention;
    if (!a) return;
    const token = ++this.token;
    const t0 = performance.now();
    const theme = readThemeColors('auto');
    const data = a.data as Float32Array;
    const shape = a.shape;
    const [, heads, q, k] = shape;
    const view = String(this.model.get('view'));
    const layer = Number(this.model.get('layer'));
    const head = Number(this.model.get('head'));
    const { queries, keys } = this.model.tokenLists();
    const pair = this.model.get('pair');
    const ranges = pairRanges(isPair(pair) ? pair : 'all', Number(this.model.get('sentence_b_start')), q, k);
    this.embedded?.finalize();
    this.embedded = null;
    this.body.replaceChildren();
    this.hit = null;
    try {
      if (view === 'similarity') {
        const r = this.model.results;
        if (!r) {
          this.status.textContent = 'computing head distances…';
          return;
        }
        const spec = similaritySpec({ distances: r.distances.subarray(layer * heads * heads, (layer + 1) * heads * heads), heads, order: r.order[layer], layerName: this.layerName(layer) }, Math.min(420, 28 * heads + 80));
        const host = el('div', 'nl-chart');
        this.body.append(host);
        const result = await embed(host, spec, { actions: false, renderer: 'canvas', config: vegaLiteConfig(theme) });
        if (token !== this.token) {
          result.finalize();
          return;
        }
        this.embedded = result;
      } else {
        this.body.append(this.canvas);
        if (view === 'head') {
          const chosen = this.model.get('heads') as number[];
          const focusIndex = Number(this.model.get('focus'));
          const focus = this.hover ?? (focusIndex >= 0 ? { side: 'query' as const, index: focusIndex } : null);
          const groups = headLines(data, shape, layer, { heads: chosen.length ? chosen : Array.from({ length: heads }, (_, h) => h), ranges, threshold: Number(this.model.get('threshold')), focus });
          this.hit = paintHeadView(this.canvas, { queries, keys, groups, heads, ranges, focus, theme });
        } else if (view === 'model') {
          this.hit = paintModelGrid(this.canvas, { data, shape, layerNames: this.model.get('layer_names'), lut: schemeLUT('blues'), theme, selected: { layer, head } });
        } else if (view === 'matrix') {
          const { q0, q1, k0, k1 } = ranges;
          const sub = subMatrix(data, (layer * heads + head) * q * k, k, ranges);
          this.hit = paintMatrix(this.canvas, { data: sub, offset: 0, rows: q1 - q0, cols: k1 - k0, queries: queries.slice(q0, q1), keys: keys.slice(k0, k1), lut: schemeLUT('blues'), theme, caption: `${this.layerName(layer)} · head ${head}` });
          this.hitOffset = { q: q0, k: k0 };
        } else if (view === 'rollout') {
          const r = this.model.results;
          if (!r || !r.rollout) {
            this.status.textContent = r ? 'rollout needs self-attention (as many keys as queries).' : 'computing rollout…';
            return;
          }
          this.hit = paintMatrix(this.canvas, { data: r.rollout, offset: layer * q * q, rows: q, cols: q, queries, keys: queries, lut: schemeLUT('reds'), theme, caption: `rollout through ${this.layerName(layer)} (${this.model.get('residual') ? 'with' : 'without'} residual)` });
          this.hitOffset = { q: 0, k: 0 };
        } else if (view === 'neuron') {
          if (!this.model.queryVectors || !this.model.keyVectors) {
            throw new Error('the neuron view needs queries= and keys= (or model= and inputs=)');
          }
          const focusIndex = Number(this.model.get('focus'));
          const query = Math.max(0, this.hover?.side === 'query' ? this.hover.index : focusIndex);
          const { q: qv, rows } = neuronRows(this.model.queryVectors.data as Float32Array, this.model.keyVectors.data as Float32Array, this.model.queryVectors.shape, layer, head, query);
          this.hit = paintNeuron(this.canvas, { query: queries[query] ?? '', keys, q: qv, rows, lut: schemeLUT('redblue'), theme });
        }
      }
      this.lastPaintMs = performance.now() - t0;
      this.showStatus();
    } catch (err) {
      this.model.reportError(messages.renderFailed('draw the attention', err));
    }
  }

  private hitOffset = { q: 0, k: 0 };

  private layerName(layer: number): string {
    return (this.model.get('layer_names') as string[])[layer] ?? `layer ${layer}`;
  }

  private showStatus(): void {
    const [layers, heads, q, k] = this.model.get('shape') as number[];
    const timings = this.model.get('timings') as Record<string, number>;
    const parts = [`${layers} layers × ${heads} heads, ${q} × ${k} tokens`, `drawn in ${this.lastPaintMs.toFixed(0)} ms`];
    if (timings.results_ms != null) parts.push(`rollout and head distances in ${timings.results_ms.toFixed(0)} ms`);
    this.status.textContent = parts.join(' · ');
  }

  private point(ev: MouseEvent): [number, number] {
    const r = this.canvas.getBoundingClientRect();
    return [ev.clientX - r.left, ev.clientY - r.top];
  }

  private onMove(ev: MouseEvent): void {
    if (!this.hit) return;
    const [x, y] = this.point(ev);
    const got = this.hit(x, y) as any;
    const view = this.model.get('view');
    const { queries, keys } = this.model.tokenLists();
    const a = this.model.attention;
    if (view === 'head' || view === 'neuron') {
      const next = got && (view === 'head' || got !== null) ? (view === 'neuron' ? null : (got as HeadHit)) : null;
      if (view === 'head' && JSON.stringify(next) !== JSON.stringify(this.hover)) {
        this.hover = next;
        this.schedule();
      }
      this.hideTooltip();
      return;
    }
    if (!got || !a) {
      this.hideTooltip();
      return;
    }
    let text = '';
    const [, heads, q, k] = a.shape;
    const layer = Number(this.model.get('layer'));
    if (view === 'model') {
      text = `${this.layerName(got.layer)} · head ${got.head} — click to open`;
    } else if (view === 'matrix') {
      const qi = got.q + this.hitOffset.q;
      const kj = got.k + this.hitOffset.k;
      const w = (a.data as Float32Array)[((layer * heads + Number(this.model.get('head'))) * q + qi) * k + kj];
      text = `${queries[qi]} → ${keys[kj]}: ${w.toFixed(4)}`;
    } else if (view === 'rollout' && this.model.results?.rollout) {
      const w = this.model.results.rollout[(layer * q + got.q) * q + got.k];
      text = `${queries[got.q]} ← ${queries[got.k]}: ${w.toFixed(4)}`;
    }
    this.tooltip.textContent = text;
    this.tooltip.style.display = text ? 'block' : 'none';
    this.tooltip.style.left = `${ev.offsetX + 14}px`;
    this.tooltip.style.top = `${ev.offsetY + 14}px`;
  }

  private onLeave(): void {
    this.hideTooltip();
    if (this.hover) {
      this.hover = null;
      this.schedule();
    }
  }

  private onClick(ev: MouseEvent): void {
    if (!this.hit) return;
    const [x, y] = this.point(ev);
    const got = this.hit(x, y) as any;
    const view = this.model.get('view');
    if (view === 'model' && got) {
      this.model.set({ layer: got.layer, head: got.head, view: 'matrix' });
    } else if (view === 'head') {
      const current = Number(this.model.get('focus'));
      this.model.set('focus', got && got.side === 'query' && got.index !== current ? got.index : -1);
    } else {
      return;
    }
    this.model.save_changes();
  }

  private hideTooltip(): void {
    this.tooltip.style.display = 'none';
  }

  private png(): void {
    const view = String(this.model.get('view'));
    const name = `netlens-attention-${view}-layer${this.model.get('layer')}.png`;
    if (this.embedded) {
      void this.embedded.view.toImageURL('png').then(url => download(url, name));
    } else {
      download(this.canvas.toDataURL('image/png'), name);
    }
  }

  private showError(): void {
    showMessage(this.errorBox, String(this.model.get('error') || ''));
  }

  private showBackend(): void {
    this.badge.textContent = `tfjs: ${String(this.model.get('backend') || '…')}`;
    this.reason.textContent = String(this.model.get('backend_reason') || '');
  }
}

/** The rows [q0, q1) × columns [k0, k1) of a row-major matrix with `cols` columns, copied. */
function subMatrix(data: Float32Array, offset: number, cols: number, r: { q0: number; q1: number; k0: number; k1: number }): Float32Array {
  const w = r.k1 - r.k0;
  const out = new Float32Array((r.q1 - r.q0) * w);
  for (let i = r.q0; i < r.q1; i++) out.set(data.subarray(offset + i * cols + r.k0, offset + i * cols + r.k1), (i - r.q0) * w);
  return out;
}
