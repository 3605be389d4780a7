/**
 * AttentionView controls: view, layer, head, the heads drawn by the head view (one coloured
 * checkbox each), threshold, sentence-pair filter, rollout residual, PNG export.
 */
import { headColor, PAIRS } from '../../views/attention';
import { el, numberInput, select } from '../shared/dom';
import type { AttentionViewModel } from './model';

const VIEW_NAMES: Record<string, string> = {
  head: 'head view', model: 'model view', matrix: 'matrix', neuron: 'neuron view', similarity: 'head similarity', rollout: 'rollout'
};

export interface Controls {
  root: HTMLElement;
  sync(): void;
}

export function buildControls(model: AttentionViewModel, onPng: () => void): Controls {
  const root = el('div', 'nl-controls');
  const [layers, heads] = model.get('shape') as number[];
  const set = (k: string, v: unknown) => {
    model.set(k, v);
    model.save_changes();
  };
  const views = Object.keys(VIEW_NAMES).filter(v => v !== 'neuron' || model.get('has_vectors'));
  const view = select('view', views.map(v => ({ value: v, text: VIEW_NAMES[v] })), model.get('view'), v => set('view', v));
  const names = model.get('layer_names') as string[];
  const layer = select('layer', Array.from({ length: layers }, (_, i) => ({ value: String(i), text: names[i] ?? `layer ${i}` })),
    String(model.get('layer')), v => set('layer', Number(v)));
  const head = select('head', Array.from({ length: heads }, (_, i) => ({ value: String(i), text: `head ${i}` })),
    String(model.get('head')), v => set('head', Number(v)));
  const chips = el('span', 'nl-control nl-head-chips');
  const boxes: HTMLInputElement[] = [];
  for (let h = 0; h < heads; h++) {
    const label = el('label', 'nl-head-chip');
    label.style.borderColor = headColor(h, heads);
    const box = el('input');
    box.type = 'checkbox';
    box.dataset.head = String(h);
    box.addEventListener('change', () => set('heads', boxes.length && boxes.every(b => b.checked) ? [] : boxes.flatMap((b, i) => (b.checked ? [i] : []))));
    label.append(box, el('span', undefined, String(h)));
    label.title = `head ${h}`;
    boxes.push(box);
    chips.append(label);
  }
  const threshold = numberInput('min weight', { min: 0, max: 1, step: 0.01 }, model.get('threshold'), v => set('threshold', Math.max(0, Math.min(1, v ?? 0))));
  const pair = select('pair', Object.values(PAIRS).map(p => ({ value: p, text: p === 'all' ? 'all' : p.replace('->', ' → ').toUpperCase() })),
    model.get('pair'), v => set('pair', v));
  const residual = el('label', 'nl-control');
  const residualBox = el('input');
  residualBox.type = 'checkbox';
  residualBox.addEventListener('change', () => set('residual', residualBox.checked));
  residual.append(residualBox, el('span', 'nl-control-label', 'residual'));
  const png = el('button', 'nl-button', 'PNG');
  png.addEventListener('click', onPng);
  root.append(view.root, layer.root, head.root, chips, threshold.root, pair.root, residual, png);

  const sync = () => {
    const v = String(model.get('view'));
    view.input.value = v;
    layer.input.value = String(model.get('layer'));
    head.input.value = String(model.get('head'));
    const shown = model.get('heads') as number[];
    boxes.forEach((b, i) => (b.checked = shown.length === 0 || shown.includes(i)));
    threshold.input.value = String(model.get('threshold'));
    pair.input.value = String(model.get('pair'));
    residualBox.checked = model.get('residual') !== false;
    layer.root.style.display = v === 'model' ? 'none' : '';
    head.root.style.display = v === 'matrix' || v === 'neuron' ? '' : 'none';
    chips.style.display = v === 'head' ? '' : 'none';
    threshold.root.style.display = v === 'head' ? '' : 'none';
    pair.root.style.display = Number(model.get('sentence_b_start')) > 0 && (v === 'head' || v === 'matrix') ? '' : 'none';
    residual.style.display = v === 'rollout' ? '' : 'none';
  };
  sync();
  return { root, sync };
}
