/**
 * The TensorView toolbar: pickers bound to model traits. Every change is written to the
 * model and saved, so Python sees it (`observe`/`link` work both ways).
 */
import type { DOMWidgetModel } from '@jupyter-widgets/base';
import { SCHEMES } from '../../views/colormaps';
import { el, numberInput, select } from '../shared/dom';

export interface Controls {
  root: HTMLElement;
  /** Re-reads the model (after a change from Python or new data). */
  sync(): void;
}

function save(model: DOMWidgetModel, key: string, value: unknown): void {
  model.set(key, value);
  model.save_changes();
}

export function buildControls(model: DOMWidgetModel, axes: () => { n: number; c: number }): Controls {
  const root = el('div', 'nl-controls');

  const batchRow = el('label', 'nl-control nl-batch');
  batchRow.append(el('span', 'nl-control-label', 'batch'));
  const batch = el('input');
  batch.type = 'range';
  batch.min = '0';
  batch.step = '1';
  const batchOut = el('output', 'nl-batch-value');
  batch.addEventListener('input', () => {
    batchOut.textContent = batch.value;
    save(model, 'batch_index', Number(batch.value));
  });
  batchRow.append(batch, batchOut);

  const channel = select('channel', [], '-1', v => save(model, 'channel', Number(v)));
  const mode = select(
    'mode',
    ['auto', 'heatmap', 'rgb'].map(v => ({ value: v, text: v })),
    model.get('mode'),
    v => save(model, 'mode', v)
  );
  const colormap = select(
    'colours',
    [{ value: 'auto', text: 'auto' }, ...Object.keys(SCHEMES).map(v => ({ value: v, text: v }))],
    model.get('colormap'),
    v => save(model, 'colormap', v)
  );
  const scale = select(
    'scale',
    ['auto', 'sequential', 'diverging'].map(v => ({ value: v, text: v })),
    model.get('scale'),
    v => save(model, 'scale', v)
  );
  const clip = numberInput('clip %', { min: 0, max: 49.9, step: 0.5 }, model.get('clip_percentile'), v =>
    save(model, 'clip_percentile', v ?? 0)
  );
  clip.root.title = 'Clip the colour range to the [p, 100 − p] percentiles of the finite values';
  root.append(batchRow, channel.root, mode.root, colormap.root, scale.root, clip.root);

  function sync(): void {
    const { n, c } = axes();
    batchRow.style.display = n > 1 ? '' : 'none';
    batch.max = String(Math.max(0, n - 1));
    batch.value = String(model.get('batch_index'));
    batchOut.textContent = batch.value;
    channel.root.style.display = c > 1 ? '' : 'none';
    if (channel.input.options.length !== c + 1) {
      channel.input.replaceChildren();
      const all = el('option', undefined, 'all (grid)');
      all.value = '-1';
      channel.input.append(all);
      for (let i = 0; i < c; i++) {
        const o = el('option', undefined, String(i));
        o.value = String(i);
        channel.input.append(o);
      }
    }
    channel.input.value = String(model.get('channel'));
    mode.root.style.display = c === 3 || c === 4 ? '' : 'none';
    mode.input.value = model.get('mode');
    colormap.input.value = model.get('colormap');
    scale.input.value = model.get('scale');
    clip.input.value = String(model.get('clip_percentile'));
  }
  sync();
  return { root, sync };
}
