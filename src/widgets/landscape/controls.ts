/**
 * LossLandscape controls: view, resolution, range, log scale; for random directions the
 * normalization, what to ignore, and a "new directions" button (seed + 1). Every control writes
 * a trait, so Python sees and can link each setting.
 */
import { el, numberInput, select } from '../shared/dom';
import type { LossLandscapeModel } from './model';

export interface Controls {
  root: HTMLElement;
  sync(): void;
}

function save(model: LossLandscapeModel, changes: Record<string, unknown>): void {
  model.set(changes);
  model.save_changes();
}

export function buildControls(model: LossLandscapeModel): Controls {
  const root = el('div', 'nl-controls');
  const dims = () => Number((model.get('plane') as { dims?: number }).dims ?? 2);
  const view = select('view', [
    { value: 'auto', text: 'auto' },
    { value: 'line', text: 'line (1-D)' },
    { value: 'contour', text: 'contour' },
    { value: 'surface', text: '3-D surface' }
  ], String(model.get('view')), v => save(model, { view: v }));
  const resolution = numberInput('resolution', { min: 2, max: 256, step: 1 }, Number(model.get('resolution')), v => {
    if (v !== null && v >= 2 && v <= 256) save(model, { resolution: Math.round(v) });
  });
  resolution.input.classList.add('nl-resolution');
  const range = model.get('range') as number[];
  const lo = numberInput('from', { step: 0.1 }, range[0] ?? -1, v => {
    const r = model.get('range') as number[];
    if (v !== null && v < r[1]) save(model, { range: [v, r[1]] });
  });
  const hi = numberInput('to', { step: 0.1 }, range[1] ?? 1, v => {
    const r = model.get('range') as number[];
    if (v !== null && v > r[0]) save(model, { range: [r[0], v] });
  });
  const normalization = select('normalization', ['filter', 'layer', 'model', 'none'].map(v => ({ value: v, text: v })), String(model.get('normalization')), v => save(model, { normalization: v }));
  const ignore = select('biases & norms', [{ value: 'biasbn', text: 'zeroed' }, { value: 'none', text: 'perturbed' }], String(model.get('ignore')), v => save(model, { ignore: v }));
  const redraw = el('button', 'nl-button nl-new-directions', 'new directions');
  redraw.addEventListener('click', () => save(model, { seed: Number(model.get('seed')) + 1 }));
  const logBox = el('label', 'nl-control');
  const log = el('input');
  log.type = 'checkbox';
  log.addEventListener('change', () => save(model, { log_scale: log.checked }));
  logBox.append(log, el('span', 'nl-control-label', 'log scale'));
  const accBox = el('label', 'nl-control');
  const acc = el('input');
  acc.type = 'checkbox';
  acc.addEventListener('change', () => save(model, { show_accuracy: acc.checked }));
  accBox.append(acc, el('span', 'nl-control-label', 'accuracy alongside'));
  const random = el('span', 'nl-random-controls');
  random.append(normalization.root, ignore.root, redraw);
  root.append(view.root, resolution.root, lo.root, hi.root, logBox, accBox, random);
  const sync = () => {
    view.input.value = String(model.get('view'));
    resolution.input.value = String(model.get('resolution'));
    const r = model.get('range') as number[];
    lo.input.value = String(r[0] ?? '');
    hi.input.value = String(r[1] ?? '');
    normalization.input.value = String(model.get('normalization'));
    ignore.input.value = String(model.get('ignore'));
    log.checked = Boolean(model.get('log_scale'));
    acc.checked = Boolean(model.get('show_accuracy'));
    accBox.style.display = model.get('loss') === 'cross_entropy' && dims() === 2 ? '' : 'none';
    random.style.display = ['random_plane', 'random_line'].includes(String(model.get('mode'))) ? '' : 'none';
    for (const o of Array.from(view.input.options)) o.disabled = dims() === 1 ? o.value !== 'line' && o.value !== 'auto' : o.value === 'line';
  };
  sync();
  return { root, sync };
}
