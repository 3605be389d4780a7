/**
 * Attribution view: header (models, where they run, backend), status with progress and cancel,
 * errors, tabs (attributions · sample suggestion · randomization check) and one Vega view per
 * chart. Redraws are coalesced per frame; the opacity slider only moves a Vega parameter.
 * Every string from the user or the model (labels, tokens, feature and layer names) is Vega
 * text or textContent, never HTML.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import embed, { type Result } from 'vega-embed';

import { OPACITY_PARAM, PICK_PARAM, suggestionSpec } from '../../views/attribution';
import { vegaLiteConfig } from '../../views/theme';
import { debugHook } from '../shared/debug-hook';
import { el } from '../shared/dom';
import { messages } from '../shared/messages';
import { readThemeColors, watchTheme } from '../shared/theme-reader';
import { buildControls, type Controls } from './controls';
import type { AttributionModel } from './model';
import { barsSpec, gridSpec, inputPixels, randomizationPanel, toDataURL, tokenSpec, topSpec } from './panels';

const PANELS = [
  { value: 'attributions', text: 'Attributions' },
  { value: 'suggestions', text: 'Sample suggestion' },
  { value: 'randomization', text: 'Randomization check' }
];

/** Traits whose change redraws (the model recomputes on its own when it must). */
const REDRAW_ON = ['index', 'rows', 'sign', 'clip_percentile', 'channel_reduce', 'methods', 'target', 'top_k', 'panel', 'labels', 'tokens', 'feature_names', 'true_labels', 'suggest_layer']
  .map(k => `change:${k}`)
  .join(' ');

export class AttributionView extends DOMWidgetView {
  declare model: AttributionModel;
  private badge!: HTMLElement;
  private reason!: HTMLElement;
  private status!: HTMLElement;
  private progress!: HTMLProgressElement;
  private cancelButton!: HTMLButtonElement;
  private errorBox!: HTMLElement;
  private tabs!: HTMLElement;
  private controls!: Controls;
  private body!: HTMLElement;
  private embedded: Result[] = [];
  private inputURLs = new Map<number, string | null>();
  private token = 0;
  private scheduled = false;
  private cleanups: (() => void)[] = [];

  render(): void {
    this.el.classList.add('nl-widget', 'nl-attribution');
    const header = el('div', 'nl-header');
    const infos = this.model.entries.map(e => e.info);
    const title = el('strong', 'nl-title', String(this.model.get('title') || `Attribution · ${infos.map(i => i.name).join(' vs ')}`));
    header.append(title);
    for (const info of infos) {
      const where = el('span', 'nl-badge nl-where', `${info.name}: ${info.compute_used === 'kernel' ? 'kernel (Captum)' : 'browser'}`);
      where.title = info.compute_reason;
      header.append(where);
    }
    this.badge = el('span', 'nl-badge nl-backend', 'tfjs: …');
    header.append(this.badge);
    this.reason = el('div', 'nl-backend-reason');
    const statusRow = el('div', 'nl-progress');
    this.progress = el('progress');
    this.status = el('span', 'nl-progress-text', 'waiting for the inputs…');
    this.cancelButton = el('button', 'nl-button nl-cancel', 'cancel');
    this.cancelButton.addEventListener('click', () => this.model.cancel());
    statusRow.append(this.progress, this.status, this.cancelButton);
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    this.tabs = el('div', 'nl-tabs');
    for (const p of PANELS) {
      const b = el('button', 'nl-tab', p.text);
      b.dataset.panel = p.value;
      b.addEventListener('click', () => {
        this.model.set('panel', p.value);
        this.model.save_changes();
      });
      this.tabs.append(b);
    }
    this.controls = buildControls(this.model);
    this.controls.onOpacity(v => this.embedded.forEach(r => trySignal(r, OPACITY_PARAM, v)));
    this.body = el('div', 'nl-attribution-body');
    this.el.append(header, this.reason, statusRow, this.errorBox, this.tabs, this.controls.root, this.body);

    this.listenTo(this.model, REDRAW_ON, this.schedule);
    this.listenTo(this.model, 'change:opacity', () => this.embedded.forEach(r => trySignal(r, OPACITY_PARAM, Number(this.model.get('opacity')))));
    this.listenTo(this.model, 'nl:inputs', () => this.inputURLs.clear());
    this.listenTo(this.model, 'nl:chunk nl:predictions nl:randomization nl:inputs', this.schedule);
    this.listenTo(this.model, 'change:status change:progress', this.showStatus);
    this.listenTo(this.model, 'change:error nl:failed', this.showError);
    this.listenTo(this.model, 'nl:backend change:backend change:backend_reason', this.showBackend);
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

  /** The live Vega views (tests read signals and data from them). */
  get vegaViews() {
    return this.embedded.map(r => r.view);
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

  private async draw(): Promise<void> {
    const token = ++this.token;
    const m = this.model;
    this.controls.sync();
    const panel = String(m.get('panel'));
    this.tabs.querySelectorAll('button').forEach(b => b.classList.toggle('nl-active', (b as HTMLElement).dataset.panel === panel));
    this.controls.root.style.display = panel === 'attributions' ? '' : 'none';
    if (!m.inputs) return;
    try {
      const colors = readThemeColors('auto');
      this.el.classList.toggle('nl-dark', !colors.light);
      const config = vegaLiteConfig(colors);
      const specs: { spec: any; name: string; pick?: boolean; group?: number }[] = [];
      if (panel === 'suggestions') {
        specs.push({ spec: suggestionSpec({ points: m.suggestions, models: m.entries.filter(e => e.predictions).length, names: this.exampleNames(), current: Number(m.get('index')), layer: String(m.get('suggest_layer') || '') || undefined, config }), name: 'netlens-suggestion', pick: true });
      } else if (panel === 'randomization') {
        if (m.randomizationShown) specs.push({ spec: randomizationPanel(m, m.randomizationShown, config, e => this.inputURL(e)), name: 'netlens-randomization' });
      } else {
        const page = m.page();
        const kind = String(m.get('kind'));
        m.entries.forEach((entry, i) => {
          const top = topSpec(m, i, page[0] ?? 0, config);
          if (top) specs.push({ spec: top, name: `netlens-${entry.info.name}-predictions`, group: i });
          if (kind === 'text') {
            for (const e of page) specs.push({ spec: tokenSpec(m, i, e, config, measureToken, Math.max(320, this.el.clientWidth - 60 || 640)), name: `netlens-${entry.info.name}-tokens`, group: i });
          } else if (kind === 'tabular') {
            for (const e of page) specs.push({ spec: barsSpec(m, i, e, config), name: `netlens-${entry.info.name}-features`, group: i });
          } else {
            specs.push({ spec: gridSpec(m, i, page, config, e => this.inputURL(e)), name: `netlens-${entry.info.name}-attributions`, group: i });
          }
        });
      }
      const containers: HTMLElement[] = [];
      const results: Result[] = [];
      let group = -1;
      for (const s of specs) {
        const container = el('div', 'nl-vega');
        if (s.group !== undefined && s.group !== group) {
          container.dataset.first = 'true';
          group = s.group;
        }
        const r = await embed(container, s.spec, { mode: 'vega-lite', renderer: 'canvas', actions: { export: true, source: false, compiled: false, editor: false }, downloadFileName: s.name });
        if (s.pick) r.view.addSignalListener(PICK_PARAM, (_: string, v: any) => this.onPick(v));
        containers.push(container);
        results.push(r);
      }
      if (token !== this.token) {
        results.forEach(r => r.finalize());
        return;
      }
      this.finalize();
      this.embedded = results;
      if (panel === 'randomization' && specs.length === 0) {
        containers.push(this.randomizationPrompt());
      }
      this.body.replaceChildren(...groupByModel(containers, panel === 'attributions'));
    } catch (err) {
      if (token === this.token) {
        this.errorBox.textContent = messages.renderFailed('draw the attributions', err);
        this.errorBox.style.display = 'block';
      }
    }
  }

  private randomizationPrompt(): HTMLElement {
    const box = el('div', 'nl-randomization-prompt');
    const methods = this.model.methodEntries;
    const pick = el('select');
    for (const m of methods) {
      const o = el('option', undefined, m.title);
      o.value = m.label;
      pick.append(o);
    }
    const go = el('button', 'nl-button', 'run the check on the shown example');
    go.addEventListener('click', () => void this.model.randomize(0, pick.value, Number(this.model.get('index')), 0));
    box.append(el('span', undefined, 'Re-initialize the layers one by one from the output and watch the map (Adebayo et al. 2018): '), pick, go);
    return box;
  }

  private onPick(v: any): void {
    const index = Array.isArray(v?.index) ? v.index[0] : v?.index;
    if (typeof index !== 'number') return;
    this.model.set({ index, panel: 'attributions' });
    this.model.save_changes();
  }

  private exampleNames(): string[] {
    const labels = this.model.get('true_labels') as number[];
    const names = this.model.get('labels') as string[];
    return Array.from({ length: this.model.n }, (_, i) => (labels[i] !== undefined ? `#${i} (${names[labels[i]] ?? labels[i]})` : `#${i}`));
  }

  private inputURL(e: number): string | null {
    if (!this.inputURLs.has(e)) {
      const p = inputPixels(this.model, e);
      this.inputURLs.set(e, p ? toDataURL(p.rgba, p.width, p.height) : null);
    }
    return this.inputURLs.get(e)!;
  }

  private showStatus(): void {
    const p = this.model.get('progress') as { done?: number; total?: number; what?: string };
    const status = String(this.model.get('status') || '');
    const busy = ['computing', 'predicting', 'compiling', 'randomizing'].includes(status);
    this.progress.style.display = busy ? '' : 'none';
    this.cancelButton.style.display = busy ? '' : 'none';
    if (p.total) {
      this.progress.max = p.total;
      this.progress.value = p.done ?? 0;
    }
    const timings = this.model.get('timings') as Record<string, number>;
    const took = status === 'done' && timings.attribution_ms ? ` in ${(timings.attribution_ms / 1000).toFixed(1)} s` : '';
    this.status.textContent = busy && p.what ? `${status}: ${p.what}` : `${status}${took}`;
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
    this.reason.textContent = [reason, ...notes].filter(Boolean).join('\n');
  }

  private finalize(): void {
    this.embedded.forEach(r => r.finalize());
    this.embedded = [];
  }
}

function trySignal(r: Result, name: string, value: unknown): void {
  try {
    r.view.signal(name, value).runAsync();
  } catch {
    // A view without that parameter (predictions, tokens) ignores it.
  }
}

/** Predictions next to their model's main chart. */
function groupByModel(containers: HTMLElement[], attributions: boolean): HTMLElement[] {
  if (!attributions) return containers;
  const row = el('div', 'nl-attribution-models');
  let column: HTMLElement | null = null;
  for (const c of containers) {
    if (column === null || c.dataset.first === 'true') {
      column = el('div', 'nl-attribution-model');
      row.append(column);
    }
    column.append(c);
  }
  return [row];
}

let measureCanvas: HTMLCanvasElement | null = null;
/** Width of a token in the token view's font (12 px monospace). */
function measureToken(text: string): number {
  measureCanvas ??= document.createElement('canvas');
  const ctx = measureCanvas.getContext('2d');
  if (!ctx) return text.length * 7.2;
  ctx.font = '12px monospace';
  return ctx.measureText(text).width;
}
