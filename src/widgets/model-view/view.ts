/**
 * ModelView view: where the model runs and why, the backend, timings, the last result (shape,
 * statistics, top-5 of row 0 for class scores), and the layer table. All names from the model
 * (module paths, class names, tap names) are set as text, never as HTML.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';

import { summarizeResults } from '../../views/result-summary';
import { debugHook } from '../shared/debug-hook';
import { el } from '../shared/dom';
import type { ModelViewModel, ShownResult } from './model';

const fmt = (v: number): string => (Number.isFinite(v) ? (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-3 && v !== 0) ? v.toExponential(3) : v.toFixed(4)) : String(v));
const shapeText = (shape: unknown): string => (Array.isArray(shape) ? `[${shape.map(d => (Array.isArray(d) ? shapeText(d) : String(d))).join(', ')}]` : '');

export class ModelViewView extends DOMWidgetView {
  declare model: ModelViewModel;
  private badge!: HTMLElement;
  private where!: HTMLElement;
  private reason!: HTMLElement;
  private status!: HTMLElement;
  private errorBox!: HTMLElement;
  private results!: HTMLElement;
  private layers!: HTMLElement;

  render(): void {
    this.el.classList.add('nl-widget', 'nl-model-view');
    const header = el('div', 'nl-header');
    const title = el('strong', 'nl-title');
    const summary = this.model.get('summary') as Record<string, unknown>;
    const params = Number(summary.parameters ?? 0);
    title.textContent = `${String(summary.model ?? 'model')} · ${params.toLocaleString('en-US')} parameters`;
    this.where = el('span', 'nl-badge nl-where');
    this.badge = el('span', 'nl-badge nl-backend', 'tfjs: …');
    header.append(title, this.where, this.badge);
    this.reason = el('div', 'nl-backend-reason');
    this.status = el('div', 'nl-status');
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    this.results = el('div', 'nl-results');
    this.layers = el('details', 'nl-layers');
    this.el.append(header, this.reason, this.status, this.errorBox, this.results, this.layers);

    this.listenTo(this.model, 'change:backend change:backend_reason change:compute_used', this.showPlace);
    this.listenTo(this.model, 'change:status change:timings', this.showStatus);
    this.listenTo(this.model, 'change:error', this.showError);
    this.listenTo(this.model, 'nl:failed', this.showError);
    this.listenTo(this.model, 'nl:result', (r: ShownResult) => this.showResult(r));
    debugHook().views.add(this);
    this.showPlace();
    this.showStatus();
    this.showError();
    this.showLayers();
    if (this.model.lastResult) this.showResult(this.model.lastResult);
  }

  remove(): any {
    debugHook().views.delete(this);
    return super.remove();
  }

  private showPlace(): void {
    const used = String(this.model.get('compute_used'));
    this.where.textContent = used === 'kernel' ? 'runs in the kernel (PyTorch)' : 'runs in the browser';
    const backend = String(this.model.get('backend'));
    this.badge.textContent = used === 'kernel' ? 'views: tfjs ' + (backend || '…') : `tfjs: ${backend || '…'}`;
    const lines = [`${used === 'kernel' ? 'kernel' : 'browser'}: ${String(this.model.get('compute_reason'))}`];
    const fallback = String(this.model.get('backend_reason'));
    if (fallback) lines.push(fallback);
    const notes = (this.model.get('summary') as { notes?: string[] }).notes ?? [];
    lines.push(...notes);
    this.reason.textContent = lines.join('\n');
  }

  private showStatus(): void {
    const t = this.model.get('timings') as Record<string, number>;
    const parts = [String(this.model.get('status') || '')];
    const add = (key: string, label: string) => {
      if (typeof t[key] === 'number' && Number.isFinite(t[key])) parts.push(`${label} ${t[key].toFixed(0)} ms`);
    };
    if (typeof t.weights_bytes === 'number') parts.push(`weights ${(t.weights_bytes / 2 ** 20).toFixed(1)} MiB`);
    add('weights_ms', 'transfer');
    add('compile_ms', 'compile');
    add('first_forward_ms', 'first forward');
    add('forward_ms', 'forward');
    add('gradient_ms', 'gradient');
    this.status.textContent = parts.filter(Boolean).join(' · ');
  }

  private showError(): void {
    this.errorBox.textContent = String(this.model.get('error') ?? '');
  }

  private showResult(r: ShownResult): void {
    const table = el('table', 'nl-result-table');
    const head = el('tr');
    for (const h of ['', 'shape', 'min', 'mean', 'max', 'top-5 of row 0']) head.append(el('th', '', h));
    table.append(head);
    for (const row of summarizeResults(r.tensors)) {
      const tr = el('tr');
      tr.append(
        el('td', 'nl-name', row.name),
        el('td', '', shapeText(row.shape)),
        el('td', 'nl-num', fmt(row.min)),
        el('td', 'nl-num', fmt(row.mean)),
        el('td', 'nl-num', fmt(row.max)),
        el('td', 'nl-top', row.top.map(e => `${e.index}: ${fmt(e.value)}`).join('  '))
      );
      table.append(tr);
    }
    const caption = el('div', 'nl-result-caption', `run ${r.id}, computed in the ${r.where === 'kernel' ? 'kernel (PyTorch)' : 'browser (tfjs)'}`);
    this.results.replaceChildren(caption, table);
  }

  private showLayers(): void {
    const rows = this.model.get('layers') as { path: string; type: string; shape: unknown; params: number }[];
    const summary = el('summary', '', `${rows.length} layers`);
    const table = el('table', 'nl-layer-table');
    const head = el('tr');
    for (const h of ['module', 'type', 'output shape', 'parameters']) head.append(el('th', '', h));
    table.append(head);
    for (const r of rows) {
      const tr = el('tr');
      tr.append(el('td', 'nl-name', r.path), el('td', '', r.type), el('td', '', shapeText(r.shape)), el('td', 'nl-num', r.params ? r.params.toLocaleString('en-US') : ''));
      table.append(tr);
    }
    this.layers.replaceChildren(summary, table);
  }
}
