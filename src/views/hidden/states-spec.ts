/**
 * HiddenStateView as one Vega-Lite spec (LSTMVis' layout): each unit's activation over the window
 * (selected units in colour, the rest faint, the threshold as a rule, the selection shaded, a brush
 * on x to select), the tokens and annotation tracks as text under it, and a heatmap of the
 * selected units — one shared x scale of step positions.
 */
import type { TopLevelSpec } from 'vega-lite';

/** Lines drawn at most when no units are named (beyond, Vega's canvas stops being interactive). */
export const MAX_LINES = 256;

export interface StatesWindow {
  /** [w, d] row-major. */
  states: Float32Array;
  w: number;
  d: number;
  /** Corpus position of row 0. */
  start: number;
  tokens: string[];
  tracks: Record<string, string[]>;
}

export interface StatesOptions {
  units: number[];
  selected: number[];
  threshold: number;
  selection: number[];
  valueRange: [number, number];
  width: number;
}

/**
 * @example
 * hiddenStatesSpec(win, { units: [], selected: [3, 7], threshold: 0.3, selection: [40, 45], valueRange: [-1, 1], width: 800 });
 */
export function hiddenStatesSpec(win: StatesWindow, o: StatesOptions): TopLevelSpec {
  const selected = new Set(o.selected);
  // Default: every unit (up to MAX_LINES) faint, the selected ones always among them.
  const units = o.units.length ? o.units : [...new Set([...Array.from({ length: Math.min(win.d, MAX_LINES) }, (_, u) => u), ...o.selected])];
  const lines: { t: number; unit: number; v: number; on: boolean }[] = [];
  for (const u of units) {
    for (let i = 0; i < win.w; i++) lines.push({ t: win.start + i, unit: u, v: win.states[i * win.d + u], on: selected.has(u) });
  }
  const text: { t: number; row: string; label: string }[] = [];
  win.tokens.forEach((label, i) => text.push({ t: win.start + i, row: 'token', label }));
  for (const [name, labels] of Object.entries(win.tracks)) labels.forEach((label, i) => text.push({ t: win.start + i, row: name, label }));
  const heat: { t: number; unit: string; v: number }[] = [];
  for (const u of o.selected) {
    for (let i = 0; i < win.w; i++) heat.push({ t: win.start + i, unit: `unit ${u}`, v: win.states[i * win.d + u] });
  }
  const x = { field: 't', type: 'quantitative' as const, title: null, scale: { domain: [win.start - 0.5, win.start + win.w - 0.5], nice: false, zero: false } };
  const hasSelection = o.selection.length === 2;
  const layers: any[] = [
    {
      data: { values: lines },
      mark: { type: 'line', strokeWidth: 1, clip: true },
      params: [{ name: 'brush', select: { type: 'interval', encodings: ['x'] } }],
      encoding: {
        x,
        y: { field: 'v', type: 'quantitative', title: 'activation', scale: { domain: o.valueRange } },
        detail: { field: 'unit' },
        color: { condition: { test: 'datum.on', field: 'unit', type: 'nominal', legend: null }, value: '#9e9e9e' },
        opacity: { condition: { test: 'datum.on', value: 0.95 }, value: 0.18 },
        tooltip: [{ field: 'unit' }, { field: 't', title: 'step' }, { field: 'v', format: '.3f' }]
      }
    },
    { data: { values: [{ y: o.threshold }] }, mark: { type: 'rule', strokeDash: [4, 3], color: '#d32f2f' }, encoding: { y: { field: 'y', type: 'quantitative' } } }
  ];
  if (hasSelection) {
    layers.push({
      data: { values: [{ a: o.selection[0] - 0.5, b: o.selection[1] - 0.5 }] },
      mark: { type: 'rect', opacity: 0.12, color: '#1976d2' },
      encoding: { x: { field: 'a', type: 'quantitative' }, x2: { field: 'b' } }
    });
  }
  const rows = ['token', ...Object.keys(win.tracks)];
  const panels: any[] = [
    { width: o.width, height: 220, layer: layers },
    {
      width: o.width,
      height: 18 * rows.length + 40,
      data: { values: text },
      mark: { type: 'text', angle: 300, align: 'right', baseline: 'middle', fontSize: 10 },
      encoding: { x, y: { field: 'row', type: 'ordinal', sort: rows, title: null }, text: { field: 'label' }, tooltip: [{ field: 'row' }, { field: 'label' }] }
    }
  ];
  if (heat.length) {
    panels.push({
      width: o.width,
      height: Math.min(240, 10 * o.selected.length + 10),
      data: { values: heat },
      mark: { type: 'rect', width: Math.max(1, o.width / win.w - 0.5) },
      encoding: {
        x,
        y: { field: 'unit', type: 'ordinal', title: null, sort: o.selected.map(u => `unit ${u}`) },
        color: { field: 'v', type: 'quantitative', scale: { scheme: 'redblue', domainMid: 0, reverse: true }, title: 'value' },
        tooltip: [{ field: 'unit' }, { field: 't', title: 'step' }, { field: 'v', format: '.3f' }]
      }
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    vconcat: panels,
    resolve: { scale: { x: 'shared', color: 'independent' } }
  } as TopLevelSpec;
}

/** A brushed x interval → [first, last + 1]: the steps whose centres it covers, or null for none. */
export function brushToSelection(interval: [number, number] | undefined): [number, number] | null {
  if (!interval) return null;
  const a = Math.ceil(Math.min(...interval));
  const b = Math.floor(Math.max(...interval)) + 1;
  return b > a ? [a, b] : null;
}
