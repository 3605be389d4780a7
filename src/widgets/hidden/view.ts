/**
 * HiddenStateView view: header, controls (window start/length, threshold, min units), the
 * Vega-Lite lines + tokens + heatmap (views/hidden), and the ranked matches as buttons that move
 * the window there. Brushing steps on the lines sets `selection` (the kernel answers with
 * `selected_units` and `matches`). Tokens and labels are Vega text or textContent, never HTML.
 */
import { DOMWidgetView } from '@jupyter-widgets/base';
import embed, { type Result } from 'vega-embed';

import { brushToSelection, hiddenStatesSpec } from '../../views/hidden';
import { vegaLiteConfig } from '../../views/theme';
import { debugHook } from '../shared/debug-hook';
import { download, el, numberInput, perFrame, showMessage } from '../shared/dom';
import { messages } from '../shared/messages';
import { readThemeColors, watchTheme } from '../shared/theme-reader';
import type { HiddenStateViewModel } from './model';

const REDRAW_ON = ['selected_units', 'units_shown', 'threshold', 'selection', 'title'].map(k => `change:${k}`).join(' ');
const BRUSH_SETTLE_MS = 350;
const CHART_WIDTH = 820;

export class HiddenStateViewView extends DOMWidgetView {
  declare model: HiddenStateViewModel;
  private chart!: HTMLElement;
  private matchList!: HTMLElement;
  private info!: HTMLElement;
  private errorBox!: HTMLElement;
  private embedded: Result | null = null;
  private token = 0;
  private brushTimer: ReturnType<typeof setTimeout> | null = null;
  private cleanups: (() => void)[] = [];
  private inputs: Record<string, HTMLInputElement> = {};

  render(): void {
    this.el.classList.add('nl-widget', 'nl-hidden');
    const [t, d] = this.model.get('shape') as number[];
    const header = el('div', 'nl-header');
    header.append(el('strong', 'nl-title', String(this.model.get('title') || `Hidden states · ${t.toLocaleString()} steps × ${d} units`)));
    this.errorBox = el('div', 'nl-error');
    this.errorBox.setAttribute('role', 'alert');
    const controls = el('div', 'nl-controls');
    const set = (k: string, v: unknown) => {
      this.model.set(k, v);
      this.model.save_changes();
    };
    const back = el('button', 'nl-button', '◀');
    back.addEventListener('click', () => set('start', Math.max(0, this.model.get('start') - this.model.get('window'))));
    const next = el('button', 'nl-button', '▶');
    next.addEventListener('click', () => set('start', Math.min(t - 1, this.model.get('start') + this.model.get('window'))));
    const start = numberInput('start', { min: 0, max: t - 1, step: 1 }, this.model.get('start'), v => set('start', Math.round(v ?? 0)));
    const win = numberInput('window', { min: 1, max: 1000, step: 10 }, this.model.get('window'), v => set('window', Math.round(v ?? 120)));
    const threshold = numberInput('threshold', { step: 0.05 }, this.model.get('threshold'), v => set('threshold', v ?? 0));
    const minUnits = numberInput('min units', { min: 0, step: 1 }, this.model.get('min_units'), v => set('min_units', Math.max(0, Math.round(v ?? 0))));
    const clear = el('button', 'nl-button', 'clear selection');
    clear.addEventListener('click', () => set('selection', []));
    const png = el('button', 'nl-button', 'PNG');
    png.addEventListener('click', () => void this.embedded?.view.toImageURL('png').then(url => download(url, 'netlens-hidden-states.png')));
    this.inputs = { start: start.input, window: win.input, threshold: threshold.input, min_units: minUnits.input };
    controls.append(back, start.root, next, win.root, threshold.root, minUnits.root, clear, png);
    this.info = el('div', 'nl-status');
    this.chart = el('div', 'nl-chart');
    this.matchList = el('div', 'nl-matches');
    this.el.append(header, this.errorBox, controls, this.info, this.chart, this.matchList);

    this.listenTo(this.model, REDRAW_ON, this.schedule);
    this.listenTo(this.model, 'nl:data', this.schedule);
    this.listenTo(this.model, 'change:matches change:selected_units change:selection', this.showMatches);
    this.listenTo(this.model, 'change', this.syncInputs);
    this.listenTo(this.model, 'change:error nl:failed', this.showError);
    this.cleanups.push(watchTheme(() => this.schedule()));
    debugHook().views.add(this);
    this.showError();
    this.showMatches();
    this.schedule();
  }

  remove(): any {
    this.token++;
    if (this.brushTimer) clearTimeout(this.brushTimer);
    this.embedded?.finalize();
    this.embedded = null;
    this.cleanups.splice(0).forEach(c => c());
    debugHook().views.delete(this);
    return super.remove();
  }

  get vegaView() {
    return this.embedded?.view ?? null;
  }

  private syncInputs(): void {
    for (const [k, input] of Object.entries(this.inputs)) {
      if (document.activeElement !== input) input.value = String(this.model.get(k));
    }
  }

  private schedule = perFrame(() => void this.draw());

  private async draw(): Promise<void> {
    const win = this.model.win;
    if (!win) return;
    const token = ++this.token;
    try {
      const spec = hiddenStatesSpec(win, {
        units: this.model.get('units_shown'),
        selected: this.model.get('selected_units'),
        threshold: Number(this.model.get('threshold')),
        selection: this.model.get('selection'),
        valueRange: this.model.get('value_range'),
        width: CHART_WIDTH
      });
      const result = await embed(this.chart, spec, { actions: false, renderer: 'canvas', config: vegaLiteConfig(readThemeColors('auto')) });
      if (token !== this.token) {
        result.finalize();
        return;
      }
      this.embedded?.finalize();
      this.embedded = result;
      result.view.addSignalListener('brush', (_name: string, value: any) => this.onBrush(value?.t));
    } catch (err) {
      this.model.reportError(messages.renderFailed('draw the hidden states', err));
    }
  }

  private onBrush(interval: [number, number] | undefined): void {
    if (this.brushTimer) clearTimeout(this.brushTimer);
    this.brushTimer = setTimeout(() => {
      this.brushTimer = null;
      const sel = brushToSelection(interval);
      if (sel) {
        this.model.set('selection', sel);
        this.model.save_changes();
      }
    }, BRUSH_SETTLE_MS);
  }

  private showMatches(): void {
    const sel = this.model.get('selection') as number[];
    const units = this.model.get('selected_units') as number[];
    const matches = this.model.get('matches') as { start: number; end: number; units_on: number; text: string }[];
    this.info.textContent = sel.length === 2
      ? `selection ${sel[0]} … ${sel[1] - 1}: ${units.length} unit(s) on (≥ ${this.model.get('threshold')}) — ${units.slice(0, 20).join(', ')}${units.length > 20 ? ' …' : ''}; ${matches.length} match(es)`
      : 'brush a range of steps on the lines to select the units that are on across it';
    this.matchList.replaceChildren();
    for (const m of matches.slice(0, 20)) {
      const b = el('button', 'nl-button nl-match', `${m.start}–${m.end - 1} (${m.end - m.start} steps, ${m.units_on.toFixed(1)} on): ${m.text}`);
      b.addEventListener('click', () => {
        this.model.set('start', Math.max(0, m.start - Math.floor((this.model.get('window') - (m.end - m.start)) / 2)));
        this.model.save_changes();
      });
      this.matchList.append(b);
    }
  }

  private showError(): void {
    showMessage(this.errorBox, String(this.model.get('error') || ''));
  }
}
