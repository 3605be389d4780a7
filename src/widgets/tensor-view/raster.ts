/**
 * The 2-D to 4-D path of a TensorView: slice panels, colour them on the tfjs backend,
 * and wrap the raster in a Vega-Lite spec. Also answers "what is under the cursor".
 */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { Tensor } from '../../transport/types';
import { panelsFromTensor, flatIndex, type Layout } from '../../methods/panels';
import { colorizeGrid, autoColumns } from '../../methods/colorize';
import {
  locatePanel,
  resolveColorRange,
  rgbRange,
  schemeLUT,
  tensorViewSpec,
  isScaleKind,
  type PanelGeometry
} from '../../views';
import type { TensorViewModel } from './model';

/** NaN and ±Inf are drawn in a colour no scheme uses, so they cannot pass for data. */
export const NON_FINITE_RGBA: [number, number, number, number] = [255, 0, 255, 255];
/** Transparent gaps between panels let the notebook background show through. */
export const GAP_RGBA: [number, number, number, number] = [0, 0, 0, 0];
/** Elements of gap between panels in a grid. */
export const PANEL_GAP = 1;

export interface RasterState {
  geometry: PanelGeometry;
  panelIndex: { batch: number | null; channel: number | null }[];
  layout: Layout;
  rgb: boolean;
}

function describe(t: Tensor, layout: string): string {
  const dims = t.shape.map((d, i) => `${layout[i] ?? '?'}=${d}`).join(' ');
  const cast = t.sourceDtype && t.sourceDtype !== t.dtype ? ` (from ${t.sourceDtype})` : '';
  return `${dims} · ${t.dtype}${cast}`;
}

export async function drawRaster(
  model: TensorViewModel,
  t: Tensor,
  config: Config
): Promise<{ spec: TopLevelSpec; state: RasterState }> {
  const layout = model.get('dim_order') as Layout;
  const rgb = model.isRgb();
  const stats = await model.statsFor(Number(model.get('clip_percentile')) || 0);
  const vmin = model.get('vmin') as number | null;
  const vmax = model.get('vmax') as number | null;
  const range = rgb
    ? (() => {
        const [lo, hi] = rgbRange(t.dtype !== 'float32', stats.max, vmin, vmax);
        return { scheme: 'greys' as const, vmin: lo, vmax: hi, diverging: false };
      })()
    : resolveColorRange({
        lo: stats.lo,
        hi: stats.hi,
        scale: isScaleKind(model.get('scale')) ? model.get('scale') : 'auto',
        colormap: String(model.get('colormap')),
        symmetric: Boolean(model.get('symmetric')),
        vmin,
        vmax
      });
  const { panels, panelIndex, height, width } = panelsFromTensor(t, {
    layout,
    batch: model.get('batch_index'),
    channel: model.get('channel'),
    rgb
  });
  let image;
  let columns: number;
  try {
    const p = panels.shape[0];
    columns = Number(model.get('columns')) > 0 ? Math.min(Number(model.get('columns')), p) : autoColumns(p, height, width);
    image = await colorizeGrid(panels, {
      columns,
      gap: PANEL_GAP,
      vmin: range.vmin,
      vmax: range.vmax,
      lut: schemeLUT(range.scheme),
      nanColor: NON_FINITE_RGBA,
      background: GAP_RGBA,
      mode: rgb ? 'rgb' : 'heatmap'
    });
  } finally {
    panels.dispose();
  }
  const geometry: PanelGeometry = {
    panelWidth: width,
    panelHeight: height,
    columns: image.columns,
    rows: image.rows,
    gap: PANEL_GAP
  };
  const labels = panelIndex.map(pi => panelLabel(model, pi, panelIndex.length));
  const spec = tensorViewSpec({
    imageUrl: rasterToDataURL(image.rgba, image.width, image.height),
    geometry,
    labels,
    legend: rgb ? null : { ...range, title: 'value' },
    zoom: Number(model.get('zoom')) || 1,
    title: String(model.get('title') || ''),
    subtitle: describe(t, layout) + currentLabel(model, panelIndex),
    config
  });
  return { spec, state: { geometry, panelIndex, layout, rgb } };
}

/** " · cat" when one batch item is shown and it has a label (grids label each panel instead). */
function currentLabel(model: TensorViewModel, panelIndex: { batch: number | null }[]): string {
  const batches = new Set(panelIndex.map(p => p.batch));
  const only = batches.size === 1 ? panelIndex[0]?.batch ?? null : null;
  const label = only !== null && String(model.get('dim_order')).length === 4 ? model.labels[only] : undefined;
  return label ? ` · ${label}` : '';
}

/** "c 5" or the user's label for that batch item / channel. */
function panelLabel(model: TensorViewModel, pi: { batch: number | null; channel: number | null }, count: number): string {
  if (count <= 1) {
    return '';
  }
  const labels = model.labels;
  if (pi.channel !== null && model.get('channel') === -1 && !model.isRgb()) {
    return labels.length > 0 && String(model.get('dim_order')).length === 3 ? labels[pi.channel] ?? `c${pi.channel}` : `c${pi.channel}`;
  }
  if (pi.batch !== null) {
    return labels[pi.batch] ?? `n${pi.batch}`;
  }
  return '';
}

/** Turns RGBA bytes into a PNG data: URL (a data URL survives SVG export and saved notebooks). */
export function rasterToDataURL(rgba: Uint8ClampedArray, width: number, height: number): string {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext('2d');
  if (!ctx) {
    throw new Error('this browser cannot create a 2-D canvas');
  }
  ctx.putImageData(new ImageData(rgba as unknown as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
  return canvas.toDataURL('image/png');
}

/** Tooltip lines for the element under the cursor (exact host values), or null. */
export function panelTooltip(model: TensorViewModel, t: Tensor, s: RasterState, x: number, y: number): string[] | null {
  const hit = locatePanel(s.geometry, x, y);
  if (!hit || hit.panel >= s.panelIndex.length) {
    return null;
  }
  const pi = s.panelIndex[hit.panel];
  const at = (channel: number | null) =>
    flatIndex(t.shape, s.layout, { batch: pi.batch ?? 0, channel: channel ?? 0, y: hit.row, x: hit.col });
  const fmt = (v: number) => (t.dtype === 'float32' ? Number(v).toPrecision(7).replace(/\.?0+$/, '') : String(v));
  const index: string[] = [];
  for (const d of s.layout) {
    if (d === 'N') index.push(`n=${pi.batch ?? 0}`);
    if (d === 'C') index.push(s.rgb ? 'c=:' : `c=${pi.channel ?? 0}`);
    if (d === 'H') index.push(`y=${hit.row}`);
    if (d === 'W') index.push(`x=${hit.col}`);
  }
  let value: string;
  if (s.rgb) {
    const c = t.shape[s.layout.indexOf('C')];
    const vals: string[] = [];
    for (let k = 0; k < c; k++) vals.push(fmt(t.data[at(k)]));
    value = `(${vals.join(', ')})`;
  } else {
    value = fmt(t.data[at(pi.channel)]);
  }
  const lines = [`value ${value}`, `index [${index.join(', ')}]`];
  const label = pi.batch !== null && model.labels[pi.batch] !== undefined && s.layout.length === 4 ? model.labels[pi.batch] : null;
  if (label) lines.push(`label ${label}`);
  return lines;
}
