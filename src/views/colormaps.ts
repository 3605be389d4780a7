/**
 * Colour schemes a TensorView offers, and their 256-entry RGBA lookup tables.
 *
 * The tables are sampled from Vega's own scheme interpolators, so the raster that
 * tfjs colours on the GPU and the legend that Vega-Lite draws use the same colours.
 */
import { scheme as vegaScheme } from 'vega';

export const SEQUENTIAL_SCHEMES = {
  viridis: 'viridis',
  magma: 'magma',
  inferno: 'inferno',
  plasma: 'plasma',
  cividis: 'cividis',
  turbo: 'turbo',
  greys: 'greys',
  blues: 'blues',
  reds: 'reds'
} as const;

export const DIVERGING_SCHEMES = {
  redblue: 'redblue',
  blueorange: 'blueorange',
  purplegreen: 'purplegreen',
  spectral: 'spectral',
  redyellowblue: 'redyellowblue'
} as const;

export const SCHEMES = { ...SEQUENTIAL_SCHEMES, ...DIVERGING_SCHEMES } as const;
export type Scheme = (typeof SCHEMES)[keyof typeof SCHEMES];
export function isScheme(x: unknown): x is Scheme {
  return typeof x === 'string' && x in SCHEMES;
}
export function isDivergingScheme(x: Scheme): boolean {
  return x in DIVERGING_SCHEMES;
}

/** Default schemes: perceptually uniform for one-signed data; red/blue for signed data. */
export const DEFAULT_SEQUENTIAL: Scheme = 'viridis';
export const DEFAULT_DIVERGING: Scheme = 'redblue';

/** Entries in a lookup table: one per 8-bit colour level. */
export const LUT_SIZE = 256;

/**
 * Vega's diverging schemes run from red (low) to blue (high); attribution maps read the
 * other way round (red = positive, as matplotlib's bwr/seismic), so those are reversed.
 */
const REVERSED: ReadonlySet<Scheme> = new Set<Scheme>(['redblue', 'redyellowblue', 'spectral']);

export function isReversed(s: Scheme): boolean {
  return REVERSED.has(s);
}

/** Parses "#rrggbb" or "rgb(r, g, b)" (what Vega's interpolators return). */
export function parseColor(c: string): [number, number, number] {
  const s = c.trim();
  if (s.startsWith('#') && s.length === 7) {
    return [1, 3, 5].map(i => parseInt(s.slice(i, i + 2), 16)) as [number, number, number];
  }
  const m = /^rgba?\(([^)]+)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(',').map(p => Math.round(parseFloat(p)));
    return [parts[0], parts[1], parts[2]];
  }
  throw new Error(`unrecognised colour ${JSON.stringify(c)}`);
}

/**
 * A 256×RGBA lookup table for a scheme: entry i is the colour at t = i / 255.
 *
 * @example
 * const lut = schemeLUT('viridis'); // Uint8Array(1024), lut[0..3] = dark purple
 */
export function schemeLUT(name: Scheme): Uint8Array {
  const interp = vegaScheme(name) as ((t: number) => string) | undefined;
  if (typeof interp !== 'function') {
    throw new Error(`vega has no continuous scheme named ${name}`);
  }
  const lut = new Uint8Array(LUT_SIZE * 4);
  const reversed = isReversed(name);
  for (let i = 0; i < LUT_SIZE; i++) {
    const t = i / (LUT_SIZE - 1);
    const [r, g, b] = parseColor(interp(reversed ? 1 - t : t));
    lut.set([r, g, b, 255], i * 4);
  }
  return lut;
}
