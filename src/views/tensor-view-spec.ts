/**
 * Vega-Lite spec for a TensorView: a grid of 2-D panels drawn as ONE raster image
 * (coloured on the GPU by methods/colorize) positioned in data coordinates, so that
 * Vega-Lite gives axes, zoom/pan, a colour legend and panel labels, and Vega's
 * canvas never has to draw one mark per tensor element.
 *
 * Coordinates: one unit = one tensor element; x grows right, y grows down (row index).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite';
import type { Scheme } from './colormaps';
import { isReversed } from './colormaps';

/** Name of the Vega signal that carries the cursor position in data coordinates. */
export const CURSOR_SIGNAL = 'nl_cursor';
/** Name of the interval selection that binds zoom/pan to the scales. */
export const ZOOM_PARAM = 'nl_zoom';

/** Largest on-screen chart size (px); bigger rasters are shown scaled down, zoom reveals pixels. */
export const MAX_CHART_WIDTH = 880;
export const MAX_CHART_HEIGHT = 720;
/** Smallest on-screen size (px) so a 1×8 tensor is not a sliver. */
export const MIN_CHART_SIDE = 160;

export interface PanelGeometry {
  /** Panel size in elements. */
  panelWidth: number;
  panelHeight: number;
  columns: number;
  rows: number;
  /** Gap between panels, in elements. */
  gap: number;
}

export interface ColorLegend {
  scheme: Scheme;
  vmin: number;
  vmax: number;
  /** Diverging scales put their midpoint at 0. */
  diverging: boolean;
  title: string;
}

export interface TensorViewSpecOptions {
  /** data: URL of the RGBA raster (width = columns*(panelWidth+gap)-gap, etc.). */
  imageUrl: string;
  geometry: PanelGeometry;
  /** One label per panel (rendered as text, never HTML); empty strings are skipped. */
  labels: string[];
  /** Colour legend for heatmaps; null for RGB images. */
  legend: ColorLegend | null;
  /** On-screen pixels per element before the size limits apply. */
  zoom: number;
  title: string;
  subtitle: string;
  config: Config;
}

/** Raster size in elements for a panel geometry. */
export function rasterSize(g: PanelGeometry): { width: number; height: number } {
  return {
    width: g.columns * (g.panelWidth + g.gap) - g.gap,
    height: g.rows * (g.panelHeight + g.gap) - g.gap
  };
}

/**
 * On-screen chart size: `zoom` px per element, scaled down to fit the limits and up to
 * the minimum, keeping the aspect ratio so pixels stay square.
 */
export function chartSize(g: PanelGeometry, zoom: number): { width: number; height: number } {
  const { width, height } = rasterSize(g);
  let s = zoom > 0 ? zoom : 1;
  s = Math.min(s, MAX_CHART_WIDTH / width, MAX_CHART_HEIGHT / height);
  s = Math.max(s, Math.min(MIN_CHART_SIDE / width, MIN_CHART_SIDE / height, MAX_CHART_WIDTH / width));
  return { width: Math.max(1, Math.round(width * s)), height: Math.max(1, Math.round(height * s)) };
}

/** Which panel (and element inside it) a data coordinate falls on; null in gaps or outside. */
export function locatePanel(
  g: PanelGeometry,
  x: number,
  y: number
): { panel: number; row: number; col: number } | null {
  const cx = Math.floor(x);
  const cy = Math.floor(y);
  if (cx < 0 || cy < 0) {
    return null;
  }
  const pc = Math.floor(cx / (g.panelWidth + g.gap));
  const pr = Math.floor(cy / (g.panelHeight + g.gap));
  const col = cx - pc * (g.panelWidth + g.gap);
  const row = cy - pr * (g.panelHeight + g.gap);
  if (pc >= g.columns || pr >= g.rows || col >= g.panelWidth || row >= g.panelHeight) {
    return null;
  }
  return { panel: pr * g.columns + pc, row, col };
}

/**
 * Builds the spec.
 *
 * @example
 * const spec = tensorViewSpec({ imageUrl, geometry: {panelWidth: 28, panelHeight: 28, columns: 8, rows: 8, gap: 2},
 *   labels: [], legend: {scheme: 'viridis', vmin: 0, vmax: 1, diverging: false, title: 'value'},
 *   zoom: 4, title: 'conv1', subtitle: '64×28×28 float32', config: {} });
 */
export function tensorViewSpec(o: TensorViewSpecOptions): TopLevelSpec {
  const g = o.geometry;
  const { width, height } = rasterSize(g);
  const size = chartSize(g, o.zoom);
  const single = g.columns * g.rows === 1;
  const x = {
    field: 'x',
    type: 'quantitative' as const,
    scale: { domain: [0, width], nice: false, zero: false },
    axis: single ? indexAxis('column', width) : null
  };
  const y = {
    field: 'y',
    type: 'quantitative' as const,
    // Row 0 at the top, like an image; a reversed scale (not a reversed domain) keeps ticks working.
    scale: { domain: [0, height], reverse: true, nice: false, zero: false },
    axis: single ? indexAxis('row', height) : null
  };
  const layers: any[] = [
    {
      data: { values: [{ url: o.imageUrl, x: 0, x2: width, y: 0, y2: height }] },
      mark: { type: 'image', aspect: false, smooth: false, clip: true },
      params: [{ name: ZOOM_PARAM, select: { type: 'interval', encodings: ['x', 'y'] }, bind: 'scales' }],
      encoding: { x, x2: { field: 'x2' }, y, y2: { field: 'y2' }, url: { field: 'url', type: 'nominal' } }
    }
  ];
  const labelRows = o.labels
    .map((text, i) => ({
      text,
      x: (i % g.columns) * (g.panelWidth + g.gap),
      y: Math.floor(i / g.columns) * (g.panelHeight + g.gap)
    }))
    .filter(d => d.text !== '' && Math.floor(d.y) >= 0);
  if (labelRows.length > 0 && !single) {
    layers.push({
      data: { values: labelRows },
      mark: { type: 'text', align: 'left', baseline: 'top', dx: 2, dy: 2, fontSize: 10, clip: true },
      encoding: { x, y, text: { field: 'text', type: 'nominal' } }
    });
  }
  if (o.legend) {
    layers.push(legendLayer(o.legend, x, y));
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title || o.subtitle ? { text: o.title || ' ', subtitle: o.subtitle } : undefined,
    width: size.width,
    height: size.height,
    autosize: { type: 'pad' },
    config: o.config,
    layer: layers
  } as TopLevelSpec;
}

/** Up to this many elements along an axis get one tick each, at the element's centre. */
export const CENTRED_TICKS_MAX = 32;

/**
 * Element i spans [i, i + 1) in data coordinates: short axes get a tick at each centre
 * labelled i; long ones get integer ticks at element edges.
 */
function indexAxis(title: string, n: number): object {
  if (n <= CENTRED_TICKS_MAX) {
    return { title, grid: false, values: Array.from({ length: n }, (_, i) => i + 0.5), labelExpr: 'floor(datum.value)' };
  }
  return { title, grid: false, format: 'd' };
}

/** An invisible two-point layer whose only job is to carry the colour scale and its legend. */
function legendLayer(l: ColorLegend, x: object, y: object): object {
  const scale: Record<string, unknown> = {
    scheme: l.scheme,
    domain: [l.vmin, l.vmax],
    reverse: isReversed(l.scheme),
    clamp: true
  };
  if (l.diverging) {
    scale.domainMid = 0;
  }
  return {
    data: { values: [{ v: l.vmin }, { v: l.vmax }] },
    mark: { type: 'point', opacity: 0 },
    encoding: {
      x: { ...x, datum: 0, field: undefined },
      y: { ...y, datum: 0, field: undefined },
      color: { field: 'v', type: 'quantitative', scale, legend: { title: l.title, gradientLength: 160 } }
    }
  };
}

/**
 * Adds a signal carrying the cursor position in data coordinates to a compiled Vega
 * spec (Vega-Lite params cannot listen to raw mouse events). Pure: returns a copy.
 */
export function withCursorSignal<T extends { signals?: object[] }>(vegaSpec: T): T {
  const signal = {
    name: CURSOR_SIGNAL,
    value: null,
    on: [
      { events: 'mousemove', update: "[invert('x', x()), invert('y', y())]" },
      { events: 'mouseout', update: 'null' }
    ]
  };
  return { ...vegaSpec, signals: [...(vegaSpec.signals ?? []), signal] };
}
