/**
 * Vega-Lite spec of one model's attribution grid: rows are examples, columns the input and one
 * map per method; each map is the input with its heatmap laid over it (an image mark whose
 * opacity follows the `nl_opacity` parameter, so the slider never rebuilds the view). A colour
 * bar explains the scale; captions (completeness, target) sit under the cells. All texts are
 * Vega text (never HTML).
 */
import type { Config, TopLevelSpec } from 'vega-lite';

import { isReversed, type Scheme } from '../colormaps';

/** The parameter the opacity slider drives. */
export const OPACITY_PARAM = 'nl_opacity';
/** On-screen size bounds of a cell (px): small inputs are enlarged, big ones shrunk. */
export const MIN_CELL = 96;
export const MAX_CELL = 224;

export interface GridCell {
  /** data: URL of the input image (opaque), or null for a map without a picture under it. */
  image: string | null;
  /** data: URL of the heat RGBA (alpha ∝ magnitude), or null for the input column / a pending map. */
  heat: string | null;
  /** Lines under the cell (e.g. "Σ 0.73 · f(x) − f(x′) 0.74 · δ −0.006"). */
  caption: string[];
  /** Shown instead of a map while it is being computed or when it failed. */
  note?: string;
}

export interface GridRow {
  /** Row label (example index, label, target). */
  label: string;
  cells: GridCell[];
}

export interface GridSpecOptions {
  title: string;
  subtitle: string;
  /** Column titles: "input", then the methods' titles. */
  columns: string[];
  rows: GridRow[];
  /** Pixel size of the input (the cells keep its aspect ratio). */
  width: number;
  height: number;
  opacity: number;
  legend: { scheme: Scheme; diverging: boolean; title: string } | null;
  config: Config;
}

/** Cell size on screen: the input's aspect ratio, its longer side clamped to [MIN_CELL, MAX_CELL]. */
export function cellSize(width: number, height: number): { width: number; height: number } {
  const long = Math.max(width, height, 1);
  const side = Math.min(MAX_CELL, Math.max(MIN_CELL, long));
  const s = side / long;
  return { width: Math.max(8, Math.round(width * s)), height: Math.max(8, Math.round(height * s)) };
}

const noAxis = { axis: null } as const;

function cellSpec(c: GridCell, title: string, size: { width: number; height: number }): Record<string, unknown> {
  const x = { field: 'x', type: 'quantitative', scale: { domain: [0, 1], nice: false, zero: false }, ...noAxis };
  const y = { field: 'y', type: 'quantitative', scale: { domain: [0, 1], nice: false, zero: false, reverse: true }, ...noAxis };
  const place = { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, url: { field: 'url', type: 'nominal' } };
  const layers: Record<string, unknown>[] = [];
  const at = (url: string) => ({ values: [{ url, x: 0, x2: 1, y: 0, y2: 1 }] });
  if (c.image) layers.push({ data: at(c.image), mark: { type: 'image', aspect: false, smooth: false }, encoding: place });
  if (c.heat) {
    layers.push({
      data: at(c.heat),
      mark: { type: 'image', aspect: false, smooth: false, opacity: c.image ? { expr: OPACITY_PARAM } : 1 },
      encoding: place
    });
  }
  const text = c.note ?? (layers.length === 0 ? '' : null);
  if (text !== null) {
    layers.push({
      data: { values: [{ x: 0.5, y: 0.5, text }] },
      mark: { type: 'text', align: 'center', baseline: 'middle', fontSize: 11, opacity: 0.8 },
      encoding: { x, y, text: { field: 'text', type: 'nominal' } }
    });
  }
  return {
    width: size.width,
    height: size.height,
    title: { text: title, subtitle: c.caption, fontSize: 11, subtitleFontSize: 10, orient: 'bottom', anchor: 'middle' },
    layer: layers,
    view: { strokeWidth: 0.5 }
  };
}

function legendSpec(legend: NonNullable<GridSpecOptions['legend']>, height: number): Record<string, unknown> {
  const lo = legend.diverging ? -1 : 0;
  const steps = 64;
  const values = Array.from({ length: steps }, (_, i) => {
    const a = lo + ((1 - lo) * i) / steps;
    return { a, b: lo + ((1 - lo) * (i + 1)) / steps };
  });
  return {
    width: 14,
    height,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      y: { field: 'a', type: 'quantitative', scale: { domain: [lo, 1], nice: false, zero: false }, axis: { title: legend.title, tickCount: 5, orient: 'right' } },
      y2: { field: 'b' },
      color: { field: 'a', type: 'quantitative', scale: { scheme: legend.scheme, domain: [lo, 1], ...(isReversed(legend.scheme) ? { reverse: true } : {}) }, legend: null }
    }
  };
}

/**
 * @example
 * attributionGridSpec({ title: 'ResNet', subtitle: 'target: predicted class', columns: ['input', 'Saliency'],
 *   rows: [{ label: '#0 cat', cells: [{ image, heat: null, caption: [] }, { image, heat, caption: [] }] }],
 *   width: 32, height: 32, opacity: 0.6, legend: { scheme: 'redblue', diverging: true, title: 'attribution' }, config: {} });
 */
export function attributionGridSpec(o: GridSpecOptions): TopLevelSpec {
  const size = cellSize(o.width, o.height);
  const rows = o.rows.map(row => ({
    title: { text: row.label, anchor: 'start', fontSize: 11, fontWeight: 'normal' },
    hconcat: row.cells.map((c, j) => cellSpec(c, o.columns[j] ?? '', size)),
    spacing: 6
  }));
  const grid = { vconcat: rows, spacing: 10 };
  const body = o.legend ? { hconcat: [grid, legendSpec(o.legend, size.height)], spacing: 12 } : grid;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start' },
    params: [{ name: OPACITY_PARAM, value: o.opacity }],
    config: o.config,
    ...body
  } as unknown as TopLevelSpec;
}
