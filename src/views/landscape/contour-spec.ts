/**
 * The 2-D landscape view (Li et al. Fig. 5 style): the loss as a heatmap, isolines over it
 * (Vega's isocontour transform, i.e. d3-contour), the training path and named points, a readout
 * of α, β and the loss under the pointer. A Vega spec (Vega-Lite has no contour mark).
 * Rows of `values` run along ys (β) bottom to top; cells with NaN are drawn as gaps.
 */
import type { Spec } from 'vega';

import type { ThemeColors } from '../theme';
import { contourLevels, type Domain } from './levels';

export const HOVER_SIGNAL = 'nl_hover';
export const CONTOUR_LEVELS = 12;

export interface ContourOptions {
  title: string;
  xs: ArrayLike<number>;
  ys: ArrayLike<number>;
  /** ny × nx, row-major, row 0 at ys[0]. */
  values: ArrayLike<number>;
  /** Accuracy at each cell (same layout), or null. */
  accuracy?: ArrayLike<number> | null;
  domain: Domain;
  log: boolean;
  /** Path coordinates (α, β) per checkpoint, in order. */
  path?: [number, number][];
  anchors?: { name: string; x: number; y: number }[];
  width: number;
  height: number;
  colors: ThemeColors;
  scheme?: string;
  axisTitles?: [string, string];
  /** What the values are ("loss", "accuracy"): the legend title and the readout label. */
  valueName?: string;
}

/** Pixel-cell grid for isocontour: rows flipped so row 0 is the top (the largest β). */
function gridDatum(values: ArrayLike<number>, nx: number, ny: number, fill: number): { width: number; height: number; values: number[] } {
  const out = new Array<number>(nx * ny);
  for (let r = 0; r < ny; r++) {
    for (let c = 0; c < nx; c++) {
      const v = values[r * nx + c];
      out[(ny - 1 - r) * nx + c] = Number.isFinite(v) ? v : fill;
    }
  }
  return { width: nx, height: ny, values: out };
}

const half = (a: ArrayLike<number>): number => (a.length > 1 ? (a[1] - a[0]) / 2 : 0.5);

export function landscapeContourSpec(o: ContourOptions): Spec {
  const nx = o.xs.length;
  const ny = o.ys.length;
  const hx = half(o.xs);
  const hy = half(o.ys);
  const levels = contourLevels(o.domain, CONTOUR_LEVELS, o.log);
  const heat = gridDatum(o.values, nx, ny, NaN);
  // NaN cells become the top of the domain for the isolines only (d3-contour has no gaps).
  const contourGrid = gridDatum(o.values, nx, ny, o.domain.hi);
  const cells = Array.from({ length: nx * ny }, (_, i) => ({ v: o.values[i], a: o.accuracy ? o.accuracy[i] : null }));
  const [xTitle, yTitle] = o.axisTitles ?? ['α (direction 1)', 'β (direction 2)'];
  const name = o.valueName ?? 'loss';
  return {
    $schema: 'https://vega.github.io/schema/vega/v5.json',
    width: o.width,
    height: o.height,
    padding: 5,
    background: o.colors.background,
    title: { text: o.title, color: o.colors.text, font: o.colors.font, fontSize: 13 },
    config: { axis: { labelColor: o.colors.muted, titleColor: o.colors.text, domainColor: o.colors.border, tickColor: o.colors.border, labelFont: o.colors.font, titleFont: o.colors.font }, legend: { labelColor: o.colors.muted, titleColor: o.colors.text, labelFont: o.colors.font, titleFont: o.colors.font } },
    signals: [
      { name: 'nx', value: nx },
      { name: 'ny', value: ny },
      { name: 'levels', value: levels },
      {
        name: HOVER_SIGNAL,
        value: null,
        on: [
          { events: '@heat:mousemove', update: "{col: clamp(floor(x() / width * nx), 0, nx - 1), row: clamp(floor((height - y()) / height * ny), 0, ny - 1)}" },
          { events: '@heat:mouseout', update: 'null' }
        ]
      }
    ],
    data: [
      { name: 'heatgrid', values: [heat], transform: [{ type: 'heatmap', color: { expr: "isFinite(datum.$value) && (!" + String(o.log) + " || datum.$value > 0) ? scale('color', datum.$value) : 'transparent'" }, opacity: 1 }] },
      { name: 'contours', values: [contourGrid], transform: [{ type: 'isocontour', thresholds: { signal: 'levels' }, scale: { expr: '[width / nx, height / ny]' }, smooth: true }] },
      { name: 'cells', values: cells },
      { name: 'xs', values: Array.from(o.xs) },
      { name: 'ys', values: Array.from(o.ys) },
      { name: 'path', values: (o.path ?? []).map(([x, y], i) => ({ x, y, i })) },
      { name: 'anchors', values: o.anchors ?? [] }
    ],
    scales: [
      { name: 'x', type: 'linear', domain: [o.xs[0] - hx, o.xs[nx - 1] + hx], range: 'width', zero: false, nice: false },
      { name: 'y', type: 'linear', domain: [o.ys[0] - hy, o.ys[ny - 1] + hy], range: 'height', zero: false, nice: false },
      { name: 'color', type: o.log ? 'log' : 'linear', domain: [o.domain.lo, o.domain.hi], range: { scheme: o.scheme ?? 'viridis' }, zero: false, nice: false, clamp: true }
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: xTitle, tickCount: 5 },
      { orient: 'left', scale: 'y', title: yTitle, tickCount: 5 }
    ],
    legends: [{ fill: 'color', type: 'gradient', title: o.log ? `${name} (log)` : name, gradientLength: { signal: 'height - 20' } }],
    marks: [
      { type: 'image', name: 'heat', from: { data: 'heatgrid' }, encode: { update: { x: { value: 0 }, y: { value: 0 }, width: { signal: 'width' }, height: { signal: 'height' }, image: { field: 'image' }, aspect: { value: false }, smooth: { value: false } } } },
      {
        type: 'shape',
        name: 'isolines',
        from: { data: 'contours' },
        encode: { update: { stroke: { value: o.colors.light ? 'rgba(255,255,255,0.75)' : 'rgba(0,0,0,0.6)' }, strokeWidth: { value: 0.8 }, fill: { value: null } } },
        transform: [{ type: 'geoshape', field: 'datum.contour' }],
        interactive: false
      },
      { type: 'line', name: 'trajectory', from: { data: 'path' }, encode: { update: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, stroke: { value: '#e4572e' }, strokeWidth: { value: 2 } } }, interactive: false },
      { type: 'symbol', name: 'checkpoints', from: { data: 'path' }, encode: { update: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, size: { value: 24 }, fill: { value: '#e4572e' }, tooltip: { signal: "'checkpoint ' + datum.i" } } } },
      { type: 'symbol', name: 'anchor-points', from: { data: 'anchors' }, encode: { update: { x: { scale: 'x', field: 'x' }, y: { scale: 'y', field: 'y' }, shape: { value: 'diamond' }, size: { value: 80 }, fill: { value: '#ffffff' }, stroke: { value: '#000000' }, tooltip: { field: 'name' } } } },
      { type: 'text', name: 'anchor-labels', from: { data: 'anchors' }, encode: { update: { x: { scale: 'x', field: 'x', offset: 7 }, y: { scale: 'y', field: 'y', offset: -7 }, text: { field: 'name' }, fill: { value: '#ffffff' }, stroke: { value: '#000000' }, strokeWidth: { value: 0.3 }, fontSize: { value: 11 }, font: { value: o.colors.font } } }, interactive: false },
      {
        type: 'text',
        name: 'readout',
        encode: {
          update: {
            x: { value: 0 },
            y: { signal: 'height + 50' },
            fill: { value: o.colors.text },
            font: { value: o.colors.font },
            fontSize: { value: 11 },
            text: {
              signal: `${HOVER_SIGNAL} ? 'α ' + format(data('xs')[${HOVER_SIGNAL}.col].data, '.3f') + ', β ' + format(data('ys')[${HOVER_SIGNAL}.row].data, '.3f') + ' · ${name} ' + format(data('cells')[${HOVER_SIGNAL}.row * nx + ${HOVER_SIGNAL}.col].v, '.5~g') + (data('cells')[${HOVER_SIGNAL}.row * nx + ${HOVER_SIGNAL}.col].a != null ? ' · accuracy ' + format(data('cells')[${HOVER_SIGNAL}.row * nx + ${HOVER_SIGNAL}.col].a, '.1%') : '') : ''`
            }
          }
        },
        interactive: false
      }
    ]
  } as unknown as Spec;
}
