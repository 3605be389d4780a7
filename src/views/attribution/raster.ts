/**
 * Attribution maps and their inputs as RGBA pixels, from host arrays (the maps are read back
 * once; colouring a few panels is cheap on the host and keeps this room free of tfjs).
 *
 * Conventions of Captum's visualize_image_attr: channels are summed (or |·| summed, or the
 * largest |·| taken), the sign mode keeps all / positive / negative / absolute values, and each
 * map is scaled by the (100 − p)-th percentile of its absolute values so outliers do not wash the
 * rest out. Heat pixels get an alpha proportional to their magnitude, so the input shows through
 * where the map says nothing.
 */
import type { Scheme } from '../colormaps';
import { LUT_SIZE } from '../colormaps';

export const SIGNS = { all: 'all', positive: 'positive', negative: 'negative', absolute: 'absolute' } as const;
export type Sign = (typeof SIGNS)[keyof typeof SIGNS];
export function isSign(x: unknown): x is Sign {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(SIGNS, x);
}

export const CHANNEL_REDUCTIONS = { sum: 'sum', abs_sum: 'abs_sum', max_abs: 'max_abs' } as const;
export type ChannelReduction = (typeof CHANNEL_REDUCTIONS)[keyof typeof CHANNEL_REDUCTIONS];
export function isChannelReduction(x: unknown): x is ChannelReduction {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(CHANNEL_REDUCTIONS, x);
}

/** The colour scheme of each sign mode (red = positive evidence, blue = negative). */
export const SIGN_SCHEMES: Readonly<Record<Sign, Scheme>> = { all: 'redblue', positive: 'reds', negative: 'blues', absolute: 'inferno' };

/**
 * [C, …spatial] → [...spatial] by the channel reduction.
 *
 * @example
 * reduceChannels(new Float32Array([1, -2, 3, 4]), 2, 'sum'); // [4, 2]
 */
export function reduceChannels(values: ArrayLike<number>, channels: number, mode: ChannelReduction): Float32Array {
  const size = values.length / channels;
  const out = new Float32Array(size);
  for (let c = 0; c < channels; c++) {
    for (let i = 0; i < size; i++) {
      const v = values[c * size + i];
      if (mode === CHANNEL_REDUCTIONS.sum) out[i] += v;
      else if (mode === CHANNEL_REDUCTIONS.abs_sum) out[i] += Math.abs(v);
      else out[i] = Math.max(out[i], Math.abs(v));
    }
  }
  return out;
}

/** Values as the sign mode shows them: all, max(v, 0), max(−v, 0) or |v|. */
export function applySign(values: ArrayLike<number>, sign: Sign): Float32Array {
  return Float32Array.from(values, v => {
    if (!Number.isFinite(v)) return 0;
    if (sign === SIGNS.positive) return Math.max(v, 0);
    if (sign === SIGNS.negative) return Math.max(-v, 0);
    if (sign === SIGNS.absolute) return Math.abs(v);
    return v;
  });
}

/** The (100 − p)-th percentile of |values| (nearest rank), or 0 when everything is 0. */
export function robustScale(values: ArrayLike<number>, clipPercentile: number): number {
  const abs = Float32Array.from(values, v => Math.abs(v)).sort();
  if (abs.length === 0) return 0;
  const q = Math.min(1, Math.max(0, 1 - clipPercentile / 100));
  const rank = Math.min(abs.length - 1, Math.max(0, Math.ceil(q * abs.length) - 1));
  return abs[rank] > 0 ? abs[rank] : abs[abs.length - 1];
}

/**
 * Heat pixels: v / scale in [−1, 1] (or [0, 1]) through the scheme's lookup table, alpha ∝ |v| / scale.
 *
 * @example
 * heatRGBA(map, robustScale(map, 2), schemeLUT('redblue'), true);
 */
export function heatRGBA(values: ArrayLike<number>, scale: number, lut: Uint8Array, diverging: boolean): Uint8ClampedArray {
  const out = new Uint8ClampedArray(values.length * 4);
  const top = LUT_SIZE - 1;
  for (let i = 0; i < values.length; i++) {
    const t = scale > 0 ? Math.max(-1, Math.min(1, values[i] / scale)) : 0;
    const u = diverging ? (t + 1) / 2 : Math.max(t, 0);
    const k = Math.round(u * top) * 4;
    out[i * 4] = lut[k];
    out[i * 4 + 1] = lut[k + 1];
    out[i * 4 + 2] = lut[k + 2];
    out[i * 4 + 3] = Math.round(Math.abs(t) * 255);
  }
  return out;
}

/**
 * An input example [C, H, W] (C = 1 or 3) or [H, W] as opaque pixels, each channel set of the
 * example scaled from its own min…max to 0…255 (inputs are often normalized, not in [0, 1]).
 */
export function imageRGBA(values: ArrayLike<number>, channels: number): Uint8ClampedArray {
  const size = values.length / channels;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
  }
  const span = hi > lo ? hi - lo : 1;
  const out = new Uint8ClampedArray(size * 4);
  for (let i = 0; i < size; i++) {
    for (let c = 0; c < 3; c++) {
      const v = values[(channels >= 3 ? c : 0) * size + i];
      out[i * 4 + c] = Number.isFinite(v) ? Math.round(((v - lo) / span) * 255) : 0;
    }
    out[i * 4 + 3] = 255;
  }
  return out;
}
