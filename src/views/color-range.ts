/**
 * Which colours a heatmap uses: scheme, domain and whether it is diverging, from the
 * data's statistics and the user's settings. Pure, so every rule here is unit-tested.
 */
import type { Scheme } from './colormaps';
import { DEFAULT_DIVERGING, DEFAULT_SEQUENTIAL, isDivergingScheme, isScheme } from './colormaps';

export const SCALES = { auto: 'auto', sequential: 'sequential', diverging: 'diverging' } as const;
export type ScaleKind = (typeof SCALES)[keyof typeof SCALES];
export function isScaleKind(x: unknown): x is ScaleKind {
  return typeof x === 'string' && x in SCALES;
}

export interface RangeInput {
  /** Percentile-clipped low/high of the finite values (= min/max when not clipping). */
  lo: number;
  hi: number;
  scale: ScaleKind;
  /** 'auto' or a scheme name. */
  colormap: string;
  symmetric: boolean;
  vmin: number | null;
  vmax: number | null;
}

export interface ColorRange {
  scheme: Scheme;
  vmin: number;
  vmax: number;
  diverging: boolean;
}

/**
 * @example
 * resolveColorRange({lo: -2, hi: 1, scale: 'auto', colormap: 'auto', symmetric: true, vmin: null, vmax: null})
 * // → {scheme: 'redblue', vmin: -2, vmax: 2, diverging: true}
 */
export function resolveColorRange(r: RangeInput): ColorRange {
  const lo = Number.isFinite(r.lo) ? r.lo : 0;
  const hi = Number.isFinite(r.hi) ? r.hi : 1;
  const signed = lo < 0 && hi > 0;
  const diverging =
    r.scale === 'diverging' || (r.scale === 'auto' && (isScheme(r.colormap) ? isDivergingScheme(r.colormap) : signed));
  const scheme: Scheme = isScheme(r.colormap) ? r.colormap : diverging ? DEFAULT_DIVERGING : DEFAULT_SEQUENTIAL;
  let vmin = lo;
  let vmax = hi;
  if (diverging && r.symmetric) {
    const m = Math.max(Math.abs(lo), Math.abs(hi));
    vmin = -m;
    vmax = m;
  }
  if (r.vmin !== null && Number.isFinite(r.vmin)) {
    vmin = r.vmin;
  }
  if (r.vmax !== null && Number.isFinite(r.vmax)) {
    vmax = r.vmax;
  }
  if (!(vmax > vmin)) {
    // A constant tensor still needs a non-empty domain to draw.
    const pad = vmin === 0 ? 1 : Math.abs(vmin) * 0.5;
    vmin -= pad;
    vmax += pad;
  }
  return { scheme, vmin, vmax, diverging };
}

/**
 * The value range of an RGB image: [0, 255] for integer images or anything beyond 1,
 * [0, 1] otherwise, unless the user set vmin/vmax.
 */
export function rgbRange(isInteger: boolean, max: number, vmin: number | null, vmax: number | null): [number, number] {
  const hi = isInteger || max > 1 ? 255 : 1;
  return [vmin ?? 0, vmax ?? hi];
}
