/**
 * TensorView view: toolbar + one Vega view. Each render: statistics (tfjs) → colour range
 * (views/color-range) → panels sliced and coloured on the tfjs backend (methods/panels,
 * methods/colorize) → one raster → Vega-Lite spec (views/tensor-view-spec) → vega-embed.
 * Hover reads the exact value from the host-side tensor, never from the colours.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import embed, { type Result } from 'vega-embed';
import { compile } from 'vega-lite';
import type { TensorViewModel } from './model';
import { buildControls, type Controls } from './controls';
import { drawRaster, panelTooltip, type RasterState } from './raster';
import { drawLine } from './line';
import { el } from '../shared/dom';
import { messages } from '../shared/messages';
import { readThemeColors, watchTheme } from '../shared/theme-reader';
import { debugHook } from '../shared/debug-hook';
import { CURSOR_SIGNAL, vegaLiteConfig, withCursorSignal, isTheme } from '../../views';

/** Traits whose change redraws the view. */
const REDRAW_ON = [
  'dim_order', 'batch_index', 'channel', 'mode', 'colormap', 'scale', 'symmetric', 'clip_percentile',
  'vmin', 'vmax', 'columns', 'zoom', 'theme', 'title'
].map(k => `change:${k}`).join(' ');

export class TensorViewView extends DOMWidgetView {
  declare model: TensorViewModel;
  private chart!: HTMLElement;
  private badge!: HTMLElement;
  private reason!: HTMLElement;
  private flags!: HTMLElement;
  private progress!: HTMLProgressElement;
  private progressText!: HTMLElement;
  private errorBox!: HTMLElement;
  private tooltip!: HTMLElement;
  private status!: HTMLElement;
  private controls!: Controls;
  private embedded: Result | null = null;
  private raster: RasterState | null = null;
  private token = 0;
  private scheduled = false;
  private cleanups: (() => void)[] = [];

  render(): void {
    this.el.classList.add('nl-widget', 'nl-tensor-view');
    const header = el('div', 'nl-header');
    this.badge = el('span', 'nl-badge nl-backend', 'tfjs: …');
    this.flags = el('span', 'nl-flags');
    header.append(this.badge, this.flags);
    this.reason = el('div', 'nl-backend-reason');
    this.controls = buildControls(this.model, () => this.axes());
    const progressRow = el('div', 'nl-progress');
    this.progress = el('progress');
    this.progressText = el('span', 'nl-progress-text', 'waiting for data from the kernel…');
    progressRow.append(this.progress, this.progressText);
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    this.chart = el('div', 'nl-chart');
    this.tooltip = el('div', 'nl-tooltip');
    this.status = el('div', 'nl-status');
    this.el.append(header, this.reason, this.controls.root, progressRow, this.errorBox, this.chart, this.tooltip, this.status);

    this.showTitle();
    this.listenTo(this.model, 'change:title', this.showTitle);
    this.listenTo(this.model, REDRAW_ON, this.schedule);
    this.listenTo(this.model, 'nl:data', () => {
      this.setProgress(null);
      this.controls.sync();
      this.schedule();
    });
    this.listenTo(this.model, 'nl:progress', (_name: string, received: number, total: number) =>
      this.setProgress([received, total])
    );
    this.listenTo(this.model, 'nl:failed', (message: string) => this.showError(message));
    this.listenTo(this.model, 'nl:backend', () => {
      this.showBackend();
      this.schedule();
    });
    this.listenTo(this.model, 'change:stats', () => this.showFlags());
    this.cleanups.push(watchTheme(() => this.schedule()));
    this.chart.addEventListener('mousemove', this.onMouse);
    this.chart.addEventListener('mouseleave', this.hideTooltip);
    this.cleanups.push(() => {
      this.chart.removeEventListener('mousemove', this.onMouse);
      this.chart.removeEventListener('mouseleave', this.hideTooltip);
    });
    debugHook().views.add(this);

    this.showBackend();
    if (this.model.get('error')) {
      this.showError(this.model.get('error'));
    }
    if (this.model.tensor) {
      this.setProgress(null);
      this.schedule();
    }
  }

  remove(): any {
    this.token++;
    this.finalizeVega();
    for (const c of this.cleanups.splice(0)) {
      c();
    }
    debugHook().views.delete(this);
    return super.remove();
  }

  /** The live Vega view (tests and users can read scales and signals from it). */
  get vegaView() {
    return this.embedded?.view ?? null;
  }

  private axes(): { n: number; c: number } {
    const t = this.model.tensor;
    const layout = String(this.model.get('dim_order'));
    const at = (d: string) => (t && layout.includes(d) ? t.shape[layout.indexOf(d)] : 1);
    return { n: at('N'), c: at('C') };
  }

  /** Coalesces bursts of trait changes (a slider drag) into one redraw per frame. */
  private schedule(): void {
    if (this.scheduled) {
      return;
    }
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.draw();
    };
    if (typeof requestAnimationFrame === 'function') {
      requestAnimationFrame(run);
    } else {
      setTimeout(run, 0);
    }
  }

  private async draw(): Promise<void> {
    const t = this.model.tensor;
    if (!t) {
      return;
    }
    const token = ++this.token;
    try {
      this.controls.sync();
      const colors = readThemeColors(isTheme(this.model.get('theme')) ? this.model.get('theme') : 'auto');
      this.el.classList.toggle('nl-dark', !colors.light);
      const config = vegaLiteConfig(colors);
      if (t.data.length === 0) {
        throw new Error(messages.emptyTensor(t.shape));
      }
      if (t.shape.length <= 1) {
        const spec = await drawLine(this.model, t, config, colors);
        if (token !== this.token) return;
        this.raster = null;
        await this.embedSpec(spec, 'vega-lite');
      } else {
        const drawn = await drawRaster(this.model, t, config);
        if (token !== this.token) return;
        this.raster = drawn.state;
        await this.embedSpec(withCursorSignal(compile(drawn.spec).spec), 'vega');
        this.embedded?.view.addSignalListener(CURSOR_SIGNAL, (_: string, v: unknown) => this.onCursor(v));
      }
      if (token === this.token) {
        // A successful draw clears only a draw failure: an error the model reported while this
        // draw ran (a protocol error, a failed transfer) stays shown.
        this.clearError();
        this.showFlags();
      }
    } catch (err) {
      if (token === this.token) {
        this.showError(messages.renderFailed('draw this tensor', err));
      }
    }
  }

  private async embedSpec(spec: any, mode: 'vega' | 'vega-lite'): Promise<void> {
    const container = el('div', 'nl-vega');
    const result = await embed(container, spec, {
      mode,
      renderer: 'canvas',
      actions: { export: true, source: false, compiled: false, editor: false },
      downloadFileName: this.model.get('title') || 'netlens-tensor'
    });
    this.finalizeVega();
    this.embedded = result;
    this.chart.replaceChildren(container);
  }

  private finalizeVega(): void {
    this.embedded?.finalize();
    this.embedded = null;
  }

  private lastMouse: { x: number; y: number } = { x: 0, y: 0 };
  private onMouse = (e: MouseEvent): void => {
    const box = this.el.getBoundingClientRect();
    this.lastMouse = { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  private hideTooltip = (): void => {
    this.tooltip.style.display = 'none';
  };

  private onCursor(v: unknown): void {
    const t = this.model.tensor;
    const lines = Array.isArray(v) && t && this.raster ? panelTooltip(this.model, t, this.raster, v[0], v[1]) : null;
    if (!lines) {
      this.hideTooltip();
      return;
    }
    this.tooltip.replaceChildren(...lines.map(l => el('div', undefined, l)));
    this.tooltip.style.display = 'block';
    this.tooltip.style.left = `${this.lastMouse.x + 14}px`;
    this.tooltip.style.top = `${this.lastMouse.y + 14}px`;
    this.status.textContent = lines.join('   ');
  }

  /** The title is drawn on the canvas; the element carries it too, for screen readers and tests. */
  private showTitle(): void {
    const title = String(this.model.get('title') || '');
    this.el.dataset.nlTitle = title;
    this.el.setAttribute('aria-label', title ? `TensorView: ${title}` : 'TensorView');
  }

  private showBackend(): void {
    const info = this.model.backendInfo;
    if (!info) {
      return;
    }
    this.badge.textContent = messages.backendBadge(info.name);
    this.badge.title = messages.backendTitle(info.name, info.fallbacks);
    this.badge.classList.toggle('nl-fallback', info.fallbacks.length > 0);
    this.reason.textContent = info.fallbacks.length > 0 ? messages.backendTitle(info.name, info.fallbacks) : '';
  }

  private showFlags(): void {
    if (!this.model.tensor) {
      return;
    }
    this.model.statsFor(this.model.get('clip_percentile')).then(full => {
      const text = messages.nonFinite(full.nanCount, full.posInfCount, full.negInfCount);
      this.flags.textContent = text ? `⚠ ${text} (drawn in magenta)` : '';
      this.flags.classList.toggle('nl-flag-nonfinite', text !== '');
    }).catch(() => undefined);
  }

  private setProgress(p: [number, number] | null): void {
    const row = this.progress.parentElement as HTMLElement;
    if (!p) {
      row.style.display = 'none';
      return;
    }
    row.style.display = '';
    this.progress.max = p[1];
    this.progress.value = p[0];
    this.progressText.textContent = messages.receiving(p[0], p[1]);
  }

  private showError(message: string): void {
    this.errorBox.textContent = message;
    this.errorBox.style.display = 'block';
  }

  private clearError(): void {
    const reported = String(this.model.get('error') ?? '');
    if (reported) {
      this.showError(reported);
      return;
    }
    this.errorBox.textContent = '';
    this.errorBox.style.display = 'none';
  }
}

