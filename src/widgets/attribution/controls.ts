/**
 * The Attribution toolbar: example browser, target, top-k, display settings, and a small editor
 * of each method's main parameters. Every control writes a trait (Python sees it); the model
 * recomputes when methods, target or top-k change.
 */
import { el, numberInput, select } from '../shared/dom';
import type { MethodEntry, TargetEntry } from './compute';
import type { AttributionModel } from './model';
import { className, MAX_TARGET_OPTIONS } from './panels';

export interface Controls {
  root: HTMLElement;
  /** Brings every control in line with the traits. */
  sync(): void;
  /** Opacity slider listeners (the view sets the Vega parameter without a redraw). */
  onOpacity(cb: (v: number) => void): void;
}

const SIGN_OPTIONS = ['all', 'positive', 'negative', 'absolute'].map(v => ({ value: v, text: v }));
const REDUCE_OPTIONS = [
  { value: 'sum', text: 'sum' },
  { value: 'abs_sum', text: 'sum of |·|' },
  { value: 'max_abs', text: 'max |·|' }
];

export function buildControls(model: AttributionModel): Controls {
  const root = el('div', 'nl-controls nl-attribution-controls');
  const save = (patch: Record<string, unknown>) => {
    model.set(patch);
    model.save_changes();
  };

  // Example browser.
  const browse = el('div', 'nl-control nl-browse');
  const prev = el('button', 'nl-button', '◀');
  const next = el('button', 'nl-button', '▶');
  const index = numberInput('example', { min: 0, step: 1 }, Number(model.get('index')), v => v !== null && save({ index: clamp(v) }));
  const of = el('span', 'nl-control-label');
  const clamp = (v: number) => Math.max(0, Math.min(model.n - 1, Math.round(v)));
  prev.addEventListener('click', () => save({ index: clamp(Number(model.get('index')) - Number(model.get('rows'))) }));
  next.addEventListener('click', () => save({ index: clamp(Number(model.get('index')) + Number(model.get('rows'))) }));
  browse.append(prev, index.root, next, of);
  const rows = numberInput('rows', { min: 1, max: 16, step: 1 }, Number(model.get('rows')), v => v !== null && save({ rows: Math.max(1, Math.min(16, Math.round(v))) }));

  // Target.
  const target = el('label', 'nl-control');
  target.append(el('span', 'nl-control-label', 'target'));
  const targetSelect = el('select');
  target.append(targetSelect);
  targetSelect.addEventListener('change', () => {
    const v = targetSelect.value;
    save({ target: v === 'predicted' ? { kind: 'predicted' } : { kind: 'class', classes: [Number(v)] } });
  });
  const topK = numberInput('top-k', { min: 1, max: 10, step: 1 }, Number(model.get('top_k')), v => v !== null && save({ top_k: Math.max(1, Math.min(10, Math.round(v))) }));

  // Display.
  const sign = select('sign', SIGN_OPTIONS, String(model.get('sign')), v => save({ sign: v }));
  const reduce = select('channels', REDUCE_OPTIONS, String(model.get('channel_reduce')), v => save({ channel_reduce: v }));
  const clip = numberInput('clip %', { min: 0, max: 49, step: 0.5 }, Number(model.get('clip_percentile')), v => v !== null && save({ clip_percentile: Math.max(0, Math.min(49, v)) }));
  const opacityRoot = el('label', 'nl-control');
  opacityRoot.append(el('span', 'nl-control-label', 'opacity'));
  const opacity = el('input');
  opacity.type = 'range';
  opacity.min = '0';
  opacity.max = '1';
  opacity.step = '0.05';
  opacity.value = String(model.get('opacity'));
  opacityRoot.append(opacity);
  const opacityListeners: ((v: number) => void)[] = [];
  opacity.addEventListener('input', () => opacityListeners.forEach(cb => cb(Number(opacity.value))));
  opacity.addEventListener('change', () => save({ opacity: Number(opacity.value) }));

  const methodsBox = el('details', 'nl-method-params');
  root.append(browse, rows.root, target, topK.root, sign.root, reduce.root, clip.root, opacityRoot, methodsBox);

  const sync = () => {
    const n = model.n;
    index.input.value = String(model.get('index'));
    index.input.max = String(Math.max(0, n - 1));
    of.textContent = `of ${n}`;
    rows.input.value = String(model.get('rows'));
    fillTargets(model, targetSelect);
    const t = model.get('target') as TargetEntry;
    targetSelect.value = t.kind === 'predicted' ? 'predicted' : t.kind === 'class' && t.classes.length === 1 ? String(t.classes[0]) : 'custom';
    topK.root.style.display = t.kind === 'predicted' ? '' : 'none';
    topK.input.value = String(model.get('top_k'));
    sign.input.value = String(model.get('sign'));
    reduce.input.value = String(model.get('channel_reduce'));
    const kind = model.get('kind');
    reduce.root.style.display = kind === 'image' ? '' : 'none';
    opacityRoot.style.display = kind === 'image' ? '' : 'none';
    clip.input.value = String(model.get('clip_percentile'));
    opacity.value = String(model.get('opacity'));
    fillMethodEditor(model, methodsBox, save);
  };
  return { root, sync, onOpacity: cb => opacityListeners.push(cb) };
}

function fillTargets(model: AttributionModel, s: HTMLSelectElement): void {
  const classes = model.entries[0]?.predictions?.classes ?? 0;
  const wanted = Math.min(classes, MAX_TARGET_OPTIONS);
  if (s.dataset.filled === String(wanted) && s.options.length > 0) return;
  const options: HTMLOptionElement[] = [];
  const add = (value: string, text: string) => {
    const o = el('option', undefined, text);
    o.value = value;
    options.push(o);
  };
  add('predicted', 'predicted class');
  add('custom', '(set from Python)');
  for (let c = 0; c < wanted; c++) add(String(c), `${c}: ${className(model, c)}`);
  s.replaceChildren(...options);
  s.dataset.filled = String(wanted);
}

/** One line per method with its main parameters; a change rewrites the `methods` trait. */
function fillMethodEditor(model: AttributionModel, box: HTMLElement, save: (p: Record<string, unknown>) => void): void {
  const methods = model.get('methods') as MethodEntry[];
  const key = JSON.stringify(methods);
  if (box.dataset.key === key) return;
  box.dataset.key = key;
  const summary = el('summary', undefined, `method parameters (${methods.length} methods)`);
  const lines = methods.map((m, i) => {
    const line = el('div', 'nl-method-line');
    line.append(el('strong', undefined, m.title));
    const update = (params: Record<string, unknown> | null, nt?: Record<string, unknown>) => {
      const next = methods.map((x, j) => (j === i ? { ...x, params: params ?? x.params, noise_tunnel: nt ?? x.noise_tunnel } : x));
      save({ methods: next });
    };
    const p = (m.params ?? {}) as Record<string, unknown>;
    const num = (label: string, key: string, fallback: number, attrs: { min?: number; step?: number }) =>
      numberInput(label, attrs, Number(p[key] ?? fallback), v => v !== null && update({ ...p, [key]: v })).root;
    const pick = (label: string, key: string, options: string[], fallback: string) =>
      select(label, options.map(v => ({ value: v, text: v })), String(p[key] ?? fallback), v => update({ ...p, [key]: v })).root;
    if (m.method === 'integrated_gradients') {
      line.append(num('steps', 'n_steps', 50, { min: 2, step: 1 }), pick('baseline', 'baselines', ['zeros', 'blur', 'uniform'], 'zeros'), pick('rule', 'method', ['gausslegendre', 'riemann_left', 'riemann_right', 'riemann_middle', 'riemann_trapezoid'], 'gausslegendre'));
    } else if (m.method === 'deeplift') {
      line.append(pick('baseline', 'baselines', ['zeros', 'blur', 'uniform'], 'zeros'));
    } else if (m.method === 'grad_cam' || m.method === 'guided_grad_cam') {
      const layers = model.entries[0]?.info.layers ?? [];
      if (layers.length > 0) line.append(pick('layer', 'layer', layers, String(p.layer ?? layers[layers.length - 1])));
    } else if (m.method === 'lrp') {
      line.append(pick('rule', 'rule', ['epsilon', 'gamma', 'alpha1beta0', 'alpha2beta1'], 'epsilon'), num('ε', 'epsilon', 1e-9, { min: 0, step: 0.01 }));
    } else if (m.method === 'saliency' && !m.noise_tunnel) {
      const options = [{ value: 'true', text: '|gradient|' }, { value: 'false', text: 'signed gradient' }];
      line.append(select('values', options, String(p.abs ?? true), v => update({ ...p, abs: v === 'true' })).root);
    }
    const nt = m.noise_tunnel as Record<string, unknown> | null | undefined;
    if (nt) {
      line.append(
        numberInput('samples', { min: 1, step: 1 }, Number(nt.samples ?? 5), v => v !== null && update(null, { ...nt, samples: Math.max(1, Math.round(v)) })).root,
        numberInput('σ', { min: 0, step: 0.01 }, Number(nt.stdev ?? 1), v => v !== null && v > 0 && update(null, { ...nt, stdev: v })).root
      );
    }
    return line;
  });
  box.replaceChildren(summary, ...lines);
}
