/**
 * The head view's lines (BertViz head view): for one layer and the chosen heads, a line from
 * query token q to key token k per weight worth drawing. Lines are grouped by head and by
 * opacity bucket, so a canvas strokes one path per group instead of one per pair.
 */
import type { PairRanges } from './pairs';

/** Weights below this are invisible on screen (opacity < 1/200): not worth a line. */
export const MIN_VISIBLE_WEIGHT = 0.005;
/** Opacity levels a line is rounded to. */
export const OPACITY_BUCKETS = 16;

export interface LineGroup {
  head: number;
  /** Opacity of every line in the group, in (0, 1]. */
  opacity: number;
  /** Pairs (query, key), flattened. */
  pairs: number[];
}

export interface HeadLineOptions {
  heads: number[];
  ranges: PairRanges;
  threshold?: number;
  /** Only lines from this query (side 'query') or into this key (side 'key'). */
  focus?: { index: number; side: 'query' | 'key' } | null;
}

/**
 * Lines of layer `layer` of attention `data` ([layers, heads, Q, K] row-major).
 *
 * @example
 * headLines(att, [2, 1, 2, 2], 0, { heads: [0], ranges: { q0: 0, q1: 2, k0: 0, k1: 2 } });
 */
export function headLines(data: Float32Array, shape: number[], layer: number, options: HeadLineOptions): LineGroup[] {
  const [, heads, q, k] = shape;
  const cut = Math.max(options.threshold ?? 0, MIN_VISIBLE_WEIGHT);
  const { q0, q1, k0, k1 } = options.ranges;
  const focus = options.focus ?? null;
  const groups: LineGroup[] = [];
  for (const h of options.heads) {
    if (h < 0 || h >= heads) continue;
    const buckets: number[][] = Array.from({ length: OPACITY_BUCKETS }, () => []);
    const base = (layer * heads + h) * q * k;
    const qa = focus?.side === 'query' ? Math.max(q0, focus.index) : q0;
    const qb = focus?.side === 'query' ? Math.min(q1, focus.index + 1) : q1;
    const ka = focus?.side === 'key' ? Math.max(k0, focus.index) : k0;
    const kb = focus?.side === 'key' ? Math.min(k1, focus.index + 1) : k1;
    for (let i = qa; i < qb; i++) {
      const row = base + i * k;
      for (let j = ka; j < kb; j++) {
        const w = data[row + j];
        if (w >= cut) {
          buckets[Math.min(OPACITY_BUCKETS - 1, Math.floor(w * OPACITY_BUCKETS))].push(i, j);
        }
      }
    }
    buckets.forEach((pairs, b) => {
      if (pairs.length) groups.push({ head: h, opacity: (b + 1) / OPACITY_BUCKETS, pairs });
    });
  }
  return groups;
}
