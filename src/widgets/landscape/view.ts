/**
 * LossLandscape view: header (models, where each runs, backend), status with progress and
 * cancel, errors, controls, and one panel per model on a shared colour scale: a Vega-Lite line
 * (1-D), a Vega heatmap with isolines and path (2-D), or a canvas surface (3-D, drag to rotate).
 * Not-yet-computed cells show the nearest computed value while the grid refines. Model names
 * and anchor labels are Vega text or textContent, never HTML.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import embed, { type Result } from 'vega-embed';

import { fillFromKnown } from '../../methods/landscape';
import type { Scheme } from '../../views';
import { vegaLiteConfig } from '../../views/theme';
import { landscapeContourSpec, landscapeLineSpec, sharedDomain, type Domain } from '../../views/landscape';
import { debugHook } from '../shared/debug-hook';
import { download, el } from '../shared/dom';
import { messages } from '../shared/messages';
import { readThemeColors, watchTheme } from '../shared/theme-reader';
import { buildControls, type Controls } from './controls';
import type { Grid, LossLandscapeModel } from './model';
import { dragToRotate, paintSurface } from './surface';

const REDRAW_ON = ['view', 'log_scale', 'show_accuracy', 'plane', 'xs', 'ys', 'title'].map(k => `change:${k}`).join(' ');
const PANEL_SIZE = 300;

export class LossLandscapeView extends DOMWidgetView {
  declare model: LossLandscapeModel;
  private badge!: HTMLElement;
  private reason!: HTMLElement;
  private status!: HTMLElement;
  private progress!: HTMLProgressElement;
  private cancelButton!: HTMLButtonElement;
  private errorBox!: HTMLElement;
  private controls!: Controls;
  private body!: HTMLElement;
  private footer!: HTMLElement;
  private embedded: Result[] = [];
  private canvases: HTMLCanvasElement[] = [];
  private token = 0;
  private scheduled = false;
  private cleanups: (() => void)[] = [];
  private surfaceCleanups: (() => void)[] = [];

  render(): void {
    this.el.classList.add('nl-widget', 'nl-landscape');
    const header = el('div', 'nl-header');
    const infos = this.model.entries.map(e => e.info);
    header.append(el('strong', 'nl-title', String(this.model.get('title') || `Loss landscape · ${infos.map(i => i.name).join(' vs ')}`)));
    for (const info of infos) {
      const where = el('span', 'nl-badge nl-where', `${info.name}: ${info.compute_used === 'kernel' ? (info.compute_reason.includes('Dask') ? 'Dask' : 'kernel (PyTorch)') : 'browser'}`);
      where.title = info.compute_reason;
      header.append(where);
    }
    this.badge = el('span', 'nl-badge nl-backend', 'tfjs: …');
    header.append(this.badge);
    this.reason = el('div', 'nl-backend-reason');
    const statusRow = el('div', 'nl-progress');
    this.progress = el('progress');
    this.status = el('span', 'nl-progress-text', 'waiting for the data…');
    this.cancelButton = el('button', 'nl-button nl-cancel', 'cancel');
    this.cancelButton.addEventListener('click', () => this.model.cancel());
    statusRow.append(this.progress, this.status, this.cancelButton);
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    this.controls = buildControls(this.model);
    this.body = el('div', 'nl-landscape-body');
    this.footer = el('div', 'nl-status');
    this.el.append(header, this.reason, statusRow, this.errorBox, this.controls.root, this.body, this.footer);

    this.listenTo(this.model, REDRAW_ON, this.schedule);
    this.listenTo(this.model, 'nl:grid', this.schedule);
    this.listenTo(this.model, 'change:azimuth change:elevation', this.repaintSurfaces);
    this.listenTo(this.model, 'change:status change:progress change:nan_points change:timings', this.showStatus);
    this.listenTo(this.model, 'change:error nl:failed', this.showError);
    this.listenTo(this.model, 'nl:backend change:backend change:backend_reason', this.showBackend);
    this.listenTo(this.model, 'change', () => this.controls.sync());
    this.listenTo(this.model, 'nl:progress', (_n: string, received: number, total: number) => {
      this.status.textContent = messages.receiving(received, total);
    });
    this.cleanups.push(watchTheme(() => this.schedule()));
    debugHook().views.add(this);
    this.showBackend();
    this.showStatus();
    this.showError();
    this.schedule();
  }

  remove(): any {
    this.token++;
    this.finalize();
    this.cleanups.splice(0).forEach(c => c());
    debugHook().views.delete(this);
    return super.remove();
  }

  /** The live Vega views (tests read data and signals from them). */
  get vegaViews() {
    return this.embedded.map(r => r.view);
  }

  /** Which view is drawn: line for a line, else contour unless surface is asked for. */
  shownView(): 'line' | 'contour' | 'surface' {
    const dims = Number((this.model.get('plane') as { dims?: number }).dims ?? 2);
    if (dims === 1) return 'line';
    return this.model.get('view') === 'surface' ? 'surface' : 'contour';
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    const run = () => {
      this.scheduled = false;
      void this.draw();
    };
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(run);
    else setTimeout(run, 0);
  }

  private grids(): { name: string; grid: Grid | null }[] {
    return this.model.entries.map(e => ({ name: e.info.name, grid: e.grid }));
  }

  /** A grid's values with unknown cells filled from the nearest computed one. */
  private shownValues(g: Grid, field: 'loss' | 'accuracy'): Float64Array {
    return fillFromKnown(g[field], g.known, g.nx, g.ny);
  }

  private async draw(): Promise<void> {
    const token = ++this.token;
    const m = this.model;
    const xs = m.get('xs') as number[];
    const ys = m.get('ys') as number[];
    if (xs.length === 0) return;
    const log = Boolean(m.get('log_scale'));
    const plane = m.get('plane') as { anchors?: { name: string; x: number; y: number }[]; path?: [number, number][]; axis_titles?: [string, string] };
    const grids = this.grids();
    const filled = grids.map(({ name, grid }) => ({ name, loss: grid ? this.shownValues(grid, 'loss') : null, acc: grid ? this.shownValues(grid, 'accuracy') : null, grid }));
    const domain = sharedDomain(filled.flatMap(f => (f.loss ? [f.loss] : [])), log);
    const shown = this.shownView();
    try {
      const colors = readThemeColors('auto');
      this.el.classList.toggle('nl-dark', !colors.light);
      const config = vegaLiteConfig(colors);
      const nodes: HTMLElement[] = [];
      const results: Result[] = [];
      const canvases: HTMLCanvasElement[] = [];
      if (domain === null) {
        nodes.push(el('div', 'nl-placeholder', 'computing the first points…'));
      } else if (shown === 'line') {
        const spec = landscapeLineSpec({
          title: '',
          series: filled.filter(f => f.loss).map(f => ({ model: f.name, xs, loss: f.loss!, accuracy: f.acc })),
          anchors: (plane.anchors ?? []).map(a => ({ name: a.name, x: a.x })),
          log,
          width: 2 * PANEL_SIZE,
          height: 220,
          config,
          axisTitle: plane.axis_titles?.[0] || 'α'
        });
        const container = el('div', 'nl-vega');
        results.push(await embed(container, spec, { mode: 'vega-lite', renderer: 'canvas', actions: { export: true, source: false, compiled: false, editor: false }, downloadFileName: 'netlens-landscape' }));
        nodes.push(container);
      } else {
        const showAccuracy = Boolean(m.get('show_accuracy')) && m.get('loss') === 'cross_entropy';
        const panels = filled.flatMap(f => [
          { name: f.name, title: f.name, values: f.loss, accuracy: m.get('loss') === 'cross_entropy' ? f.acc : null, domain, log, metric: 'loss' },
          ...(showAccuracy ? [{ name: f.name, title: `${f.name} · accuracy`, values: f.acc, accuracy: null, domain: { lo: 0, hi: 1 }, log: false, metric: 'accuracy' }] : [])
        ]);
        for (const p of panels) {
          const panel = el('div', 'nl-landscape-panel');
          panel.dataset.metric = p.metric;
          if (!p.values) {
            panel.append(el('div', 'nl-placeholder', `${p.title}: computing…`));
          } else if (shown === 'contour') {
            const container = el('div', 'nl-vega');
            const spec = landscapeContourSpec({
              title: p.title,
              xs,
              ys,
              values: p.values,
              accuracy: p.accuracy,
              domain: p.domain,
              log: p.log,
              path: plane.path,
              anchors: plane.anchors,
              width: PANEL_SIZE,
              height: PANEL_SIZE,
              colors,
              axisTitles: plane.axis_titles,
              valueName: p.metric,
              scheme: p.metric === 'accuracy' ? 'plasma' : undefined
            });
            results.push(await embed(container, spec, { mode: 'vega', renderer: 'canvas', actions: { export: true, source: false, compiled: false, editor: false }, downloadFileName: `netlens-landscape-${p.name}-${p.metric}` }));
            panel.append(container);
          } else {
            panel.append(el('div', 'nl-panel-title', p.title));
            const canvas = el('canvas', 'nl-surface');
            canvas.width = PANEL_SIZE + 60;
            canvas.height = PANEL_SIZE;
            canvas.dataset.model = p.name;
            canvas.dataset.metric = p.metric;
            (canvas as any).__nl = { nx: xs.length, ny: ys.length, values: p.values, domain: p.domain, log: p.log, scheme: (p.metric === 'accuracy' ? 'plasma' : 'viridis') as Scheme };
            const png = el('button', 'nl-button', 'PNG');
            png.addEventListener('click', () => download(canvas.toDataURL('image/png'), `netlens-surface-${p.name}-${p.metric}.png`));
            panel.append(canvas, png);
            canvases.push(canvas);
          }
          nodes.push(panel);
        }
      }
      if (token !== this.token) {
        results.forEach(r => r.finalize());
        return;
      }
      this.finalize();
      this.embedded = results;
      this.canvases = canvases;
      for (const c of canvases) {
        this.surfaceCleanups.push(dragToRotate(c, () => [Number(m.get('azimuth')), Number(m.get('elevation'))], (az, elev) => {
          m.set({ azimuth: az, elevation: elev });
          m.save_changes();
        }));
      }
      const row = el('div', 'nl-landscape-models');
      row.append(...nodes);
      this.body.replaceChildren(row);
      this.repaintSurfaces();
      this.showStatus();
    } catch (err) {
      if (token === this.token) {
        this.errorBox.textContent = messages.renderFailed('draw the landscape', err);
        this.errorBox.style.display = 'block';
      }
    }
  }

  private repaintSurfaces(): void {
    const colors = readThemeColors('auto');
    for (const c of this.canvases) {
      const d = (c as any).__nl as { nx: number; ny: number; values: Float64Array; domain: Domain; log: boolean; scheme: Scheme };
      paintSurface(c, { ...d, azimuth: Number(this.model.get('azimuth')), elevation: Number(this.model.get('elevation')), stroke: colors.light ? 'rgba(0,0,0,0.25)' : 'rgba(255,255,255,0.2)' });
    }
  }

  private showStatus(): void {
    const p = this.model.get('progress') as { done?: number; total?: number; what?: string };
    const status = String(this.model.get('status') || '');
    const busy = ['computing', 'compiling'].includes(status);
    this.progress.style.display = busy ? '' : 'none';
    this.cancelButton.style.display = busy ? '' : 'none';
    if (p.total) {
      this.progress.max = p.total;
      this.progress.value = p.done ?? 0;
    }
    const t = this.model.get('timings') as { grid_ms?: number; points?: number };
    const took = status === 'done' && t.grid_ms ? ` · ${t.points} points in ${(t.grid_ms / 1000).toFixed(1)} s` : '';
    this.status.textContent = busy && p.what ? `${status}: ${p.what}` : `${status}${took}`;
    const nan = Number(this.model.get('nan_points') || 0);
    const plane = this.model.get('plane') as { explained?: number[] };
    const notes: string[] = [];
    if (nan > 0) notes.push(`${nan} grid point(s) gave a NaN/Inf loss: drawn as gaps, left out of the colour scale.`);
    if (plane.explained?.length) notes.push(`PCA directions explain ${(100 * plane.explained.reduce((a, b) => a + b, 0)).toFixed(1)}% of the path's variance.`);
    this.footer.textContent = notes.join(' ');
  }

  private showError(): void {
    const message = String(this.model.get('error') || '');
    this.errorBox.textContent = message;
    this.errorBox.style.display = message ? 'block' : 'none';
  }

  private showBackend(): void {
    const backend = String(this.model.get('backend') || '…');
    this.badge.textContent = `tfjs: ${backend}`;
    const reason = String(this.model.get('backend_reason') || '');
    const notes = this.model.entries.flatMap(e => e.info.notes ?? []);
    const kernel = this.model.entries.filter(e => e.info.compute_used === 'kernel').map(e => `${e.info.name}: ${e.info.compute_reason}`);
    this.reason.textContent = [reason, ...notes, ...kernel].filter(Boolean).join('\n');
  }

  private finalize(): void {
    this.embedded.forEach(r => r.finalize());
    this.embedded = [];
    this.surfaceCleanups.splice(0).forEach(c => c());
    this.canvases = [];
  }
}
