/**
 * From an Attribution model's host data to Vega-Lite specs: one model's grid (images and other
 * N-d inputs), token rows (text), feature bars (tabular), its top-k predictions, and the
 * randomization check. Pixels come from views/attribution/raster; data URLs from a canvas.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

import {
  applySign,
  attributionGridSpec,
  featureBarsSpec,
  heatRGBA,
  imageRGBA,
  isChannelReduction,
  isSign,
  layoutTokens,
  predictionsSpec,
  randomizationSpec,
  reduceChannels,
  robustScale,
  SIGN_SCHEMES,
  tokensSpec,
  type GridCell,
  type GridRow,
  type Sign
} from '../../views/attribution';
import { schemeLUT } from '../../views/colormaps';
import type { AttributionModel, RandomizationShown } from './model';
import type { ResultBuffer } from './results';

/** Largest number of classes listed in the target picker. */
export const MAX_TARGET_OPTIONS = 1000;

interface Display {
  sign: Sign;
  clip: number;
  reduce: 'sum' | 'abs_sum' | 'max_abs';
}

export function displayOf(model: AttributionModel): Display {
  const sign = model.get('sign');
  const reduce = model.get('channel_reduce');
  return {
    sign: isSign(sign) ? sign : 'all',
    clip: Math.max(0, Math.min(49, Number(model.get('clip_percentile')) || 0)),
    reduce: isChannelReduction(reduce) ? reduce : 'sum'
  };
}

/** "tabby (0.62)" or "class 3" — the class's name from `labels` (plain text). */
export function className(model: AttributionModel, c: number): string {
  const labels = model.get('labels') as string[];
  return c < 0 ? '' : labels[c] ?? `class ${c}`;
}

/** What a row explains: the class (with its probability) or the output index / layer. */
export function targetText(model: AttributionModel, entry: number, example: number, k: number, buffer: ResultBuffer | undefined): string {
  const t = model.targetEntry;
  if (t.kind === 'tap') return `target: ${t.tap}${t.index.length ? `[${t.index.join(', ')}]` : ''} (${t.reduce})`;
  if (t.kind === 'index') return `target: output[${t.index.join(', ')}]`;
  if (t.kind === 'indices') return `target: output[${(t.indices[example] ?? []).join(', ')}]`;
  const c = buffer?.targets[example] ?? -1;
  const top = model.entries[entry]?.predictions?.top[example];
  const p = top ? top.scores[top.classes.indexOf(c)] : undefined;
  const prefix = t.kind === 'predicted' ? (k === 0 ? 'predicted' : `top-${k + 1}`) : 'target';
  return c < 0 ? `${prefix}: …` : `${prefix}: ${className(model, c)}${p !== undefined ? ` (${p.toFixed(3)})` : ''}`;
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e4) ? v.toExponential(2) : v.toFixed(a < 1 ? 4 : 3);
}

/** Completeness under a map: Σ attributions against f(x) − f(x′) (or f(x) for LRP) and the delta. */
export function caption(method: string, map: Float32Array, buffer: ResultBuffer, e: number): string[] {
  if (!buffer.delta) return [];
  let sum = 0;
  for (let i = 0; i < map.length; i++) sum += map[i];
  const d = buffer.delta[e];
  if (method === 'lrp') return [`Σ R ${fmt(sum)} · f(x) ${fmt(buffer.scores[e])}`, `δ ${fmt(d)}`];
  return [`Σ ${fmt(sum)} · f(x)−f(x′) ${fmt(sum - d)}`, `δ ${fmt(d)}`];
}

function example(buffer: ResultBuffer, e: number): Float32Array {
  const per = buffer.shape.reduce((a, b) => a * b, 1);
  return buffer.data.subarray(e * per, (e + 1) * per);
}

/** Turns RGBA bytes into a PNG data: URL (data URLs survive SVG export and saved notebooks). */
export function toDataURL(rgba: Uint8ClampedArray, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('this browser cannot create a 2-D canvas');
  ctx.putImageData(new ImageData(rgba as unknown as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

/** The input's [C?, H, W] geometry for images and 2-D maps; null for other shapes. */
export function imageGeometry(shape: number[]): { channels: number; height: number; width: number } | null {
  if (shape.length === 3) return { channels: shape[0], height: shape[1], width: shape[2] };
  if (shape.length === 2) return { channels: 1, height: shape[0], width: shape[1] };
  return null;
}

/** Heat pixels of one example's map ([C, H, W] or [H, W] or [1, H, W]) with the display settings. */
function heatURL(map: Float32Array, shape: number[], d: Display): { url: string; width: number; height: number } | null {
  const g = imageGeometry(shape);
  if (!g) return null;
  const plane = g.channels === 1 ? map : reduceChannels(map, g.channels, d.reduce);
  const shown = applySign(plane, d.sign);
  const lut = schemeLUT(SIGN_SCHEMES[d.sign]);
  const rgba = heatRGBA(shown, robustScale(shown, d.clip), lut, d.sign === 'all');
  return { url: toDataURL(rgba, g.width, g.height), width: g.width, height: g.height };
}

/**
 * One model's grid for examples × slots: the input, then one overlay per method.
 */
export function gridSpec(model: AttributionModel, entry: number, examples: number[], config: Config, inputURL: (e: number) => string | null): TopLevelSpec {
  const d = displayOf(model);
  const methods = model.methodEntries;
  const info = model.entries[entry].info;
  const store = model.entries[entry].store;
  const x = model.inputs!.values().next().value!;
  const xShape = info.at ? null : x.shape.slice(1);
  const rows: GridRow[] = [];
  let size = { width: 32, height: 32 };
  for (const e of examples) {
    for (let k = 0; k < model.slots; k++) {
      const cells: GridCell[] = [{ image: inputURL(e), heat: null, caption: [] }];
      let label = '';
      for (const m of methods) {
        const b = store.get(m.label, k);
        label ||= targetText(model, entry, e, k, b);
        if (!b || (!b.done[e] && !b.error)) {
          cells.push({ image: inputURL(e), heat: null, caption: [], note: 'computing…' });
          continue;
        }
        if (b.error) {
          cells.push({ image: null, heat: null, caption: [], note: 'failed: see the message above' });
          continue;
        }
        const map = example(b, e);
        const heat = heatURL(map, b.shape, d);
        if (heat) size = { width: heat.width, height: heat.height };
        cells.push({ image: heat && xShape && imageGeometry(xShape)?.width === heat.width ? inputURL(e) : null, heat: heat?.url ?? null, caption: caption(m.method, map, b, e), note: heat ? undefined : 'no 2-D view' });
      }
      const truth = (model.get('true_labels') as number[])[e];
      rows.push({ label: `#${e}${truth !== undefined && truth >= 0 ? ` · label: ${className(model, truth)}` : ''} · ${label}`, cells });
    }
  }
  if (xShape && imageGeometry(xShape)) size = { width: imageGeometry(xShape)!.width, height: imageGeometry(xShape)!.height };
  return attributionGridSpec({
    title: info.name,
    subtitle: `${info.compute_used === 'kernel' ? 'computed in the kernel (Captum)' : 'computed in the browser'} · ${d.sign} values, scaled per map to its ${100 - d.clip}th percentile`,
    columns: ['input', ...methods.map(m => m.title)],
    rows,
    width: size.width,
    height: size.height,
    opacity: Number(model.get('opacity')),
    legend: { scheme: SIGN_SCHEMES[d.sign], diverging: d.sign === 'all', title: 'attribution (relative)' },
    config
  });
}

/** Input pixels of example e (images [C, H, W] with C = 1 or 3, or 2-D inputs), or null. */
export function inputPixels(model: AttributionModel, e: number): { rgba: Uint8ClampedArray; width: number; height: number } | null {
  const x = model.inputs?.values().next().value;
  if (!x || x.dtype !== 'float32') return null;
  const g = imageGeometry(x.shape.slice(1));
  if (!g || (g.channels !== 1 && g.channels !== 3)) return null;
  const per = x.shape.slice(1).reduce((a: number, b: number) => a * b, 1);
  return { rgba: imageRGBA((x.data as Float32Array).subarray(e * per, (e + 1) * per), g.channels), width: g.width, height: g.height };
}

/** Token rows of one model for example e: one row per method (and target slot). */
export function tokenSpec(model: AttributionModel, entry: number, e: number, config: Config, measure: (text: string) => number, width: number): TopLevelSpec {
  const d = displayOf(model);
  const tokens = ((model.get('tokens') as string[][])[e] ?? []).map(String);
  const widths = tokens.map(measure);
  const placed = layoutTokens(widths, width);
  const rows = [];
  for (const m of model.methodEntries) {
    for (let k = 0; k < model.slots; k++) {
      const b = model.entries[entry].store.get(m.label, k);
      const title = `${m.title}${model.slots > 1 ? ` · top-${k + 1}` : ''} — ${targetText(model, entry, e, k, b)}`;
      if (!b || !b.done[e]) {
        rows.push({ title: `${title}${b?.error ? ' (failed)' : ' (computing…)'}`, tokens: [] });
        continue;
      }
      const map = example(b, e);
      const per = b.shape.slice(1).reduce((a, c) => a * c, 1);
      const values = Array.from({ length: b.shape[0] }, (_, t) => {
        let s = 0;
        for (let j = 0; j < per; j++) s += map[t * per + j];
        return s;
      });
      const shown = applySign(values, d.sign);
      const scale = robustScale(shown, 0);
      rows.push({
        title: title + (b.delta ? ` · δ ${fmt(b.delta[e])}` : ''),
        tokens: tokens.slice(0, shown.length).map((text, t) => ({ text, t: scale > 0 ? shown[t] / scale : 0, value: values[t], ...placed[t] }))
      });
    }
  }
  const info = model.entries[entry].info;
  return tokensSpec({ title: info.name, subtitle: `example #${e} · token attributions summed over the embedding, scaled per row`, rows, width, scheme: SIGN_SCHEMES[d.sign], diverging: d.sign === 'all', config });
}

/** Feature bars of one model for example e. */
export function barsSpec(model: AttributionModel, entry: number, e: number, config: Config): TopLevelSpec {
  const names = model.get('feature_names') as string[];
  const methods = model.methodEntries.flatMap(m =>
    Array.from({ length: model.slots }, (_, k) => {
      const b = model.entries[entry].store.get(m.label, k);
      const values = b && b.done[e] ? Array.from(example(b, e)) : [];
      return { title: `${m.title}${model.slots > 1 ? ` · top-${k + 1}` : ''}`, names, values };
    })
  );
  const b0 = model.entries[entry].store.get(model.methodEntries[0]?.label ?? '', 0);
  return featureBarsSpec({ title: model.entries[entry].info.name, subtitle: `example #${e} · ${targetText(model, entry, e, 0, b0)}`, methods, config });
}

/** Top classes of one model for example e. */
export function topSpec(model: AttributionModel, entry: number, e: number, config: Config): TopLevelSpec | null {
  const p = model.entries[entry].predictions;
  const top = p?.top[e];
  if (!p || !top || top.classes.length === 0) return null;
  const b = model.entries[entry].store.get(model.methodEntries[0]?.label ?? '', 0);
  const target = b?.targets[e] ?? -1;
  return predictionsSpec({
    title: `top-${top.classes.length} for #${e}`,
    bars: top.classes.map((c, i) => ({ label: className(model, c), score: top.scores[i], target: c === target })),
    probabilities: p.softmax,
    config
  });
}

/** The randomization check's maps and ρ curve. */
export function randomizationPanel(model: AttributionModel, r: RandomizationShown, config: Config, inputURL: (e: number) => string | null): TopLevelSpec {
  const d = displayOf(model);
  const g = imageGeometry(r.shape);
  const method = model.methodEntries.find(m => m.label === r.label);
  const steps = r.maps.map((map, i) => {
    const heat = heatURL(map, r.shape, d);
    return { layer: r.layers[i], heat: heat?.url ?? '', image: g && !model.entries[r.model].info.at ? inputURL(r.example) : null, spearman: r.spearman[i], spearmanAbs: r.spearmanAbs[i] };
  });
  return randomizationSpec({
    title: `${model.entries[r.model].info.name} · ${method?.title ?? r.label} · example #${r.example}`,
    steps,
    width: g?.width ?? 32,
    height: g?.height ?? 32,
    config
  });
}
