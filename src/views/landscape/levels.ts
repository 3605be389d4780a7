/**
 * Colour domain and contour levels of a landscape: shared by every panel drawn side by side (so
 * two models compare on one scale), NaN/Inf left out, evenly spaced or, on a log scale,
 * geometrically spaced (losses span decades away from the minimum).
 */

export interface Domain {
  lo: number;
  hi: number;
}

/** [min, max] of the finite values of all grids (log: of the positive ones); null if none. */
export function sharedDomain(grids: ArrayLike<number>[], log: boolean): Domain | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const g of grids) {
    for (let i = 0; i < g.length; i++) {
      const v = g[i];
      if (!Number.isFinite(v) || (log && v <= 0)) continue;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo === Infinity) return null;
  if (hi === lo) hi = lo + (Math.abs(lo) || 1) * 1e-6;
  return { lo, hi };
}

/**
 * `count` contour levels strictly inside the domain.
 *
 * @example
 * contourLevels({ lo: 0, hi: 10 }, 4, false) // [2, 4, 6, 8]
 */
export function contourLevels(d: Domain, count: number, log: boolean): number[] {
  const out: number[] = [];
  for (let k = 1; k <= count; k++) {
    const t = k / (count + 1);
    out.push(log ? d.lo * Math.pow(d.hi / d.lo, t) : d.lo + (d.hi - d.lo) * t);
  }
  return out;
}
