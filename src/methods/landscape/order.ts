/**
 * Progressive refinement: grid points in coarse-to-fine order, so a whole-plane picture appears
 * after a few points and sharpens (stride 2^k, then 2^(k−1), … 1; each point once), and a fill
 * that shows not-yet-computed cells with the nearest coarser value already known.
 */

/** The finest stride that still leaves ≥ 2 points on the longer axis at the first level. */
function firstStride(nx: number, ny: number): number {
  let s = 1;
  while (s * 4 <= Math.max(nx, ny) - 1) s *= 2;
  return s;
}

/**
 * Flat indices (row · nx + col) of an ny × nx grid in refinement order; a line is ny = 1.
 *
 * @example
 * progressiveOrder(5, 1) // [0, 2, 4, 1, 3]
 */
export function progressiveOrder(nx: number, ny: number): number[] {
  const seen = new Uint8Array(nx * ny);
  const out: number[] = [];
  for (let s = firstStride(nx, ny); s >= 1; s /= 2) {
    const rows = ny === 1 ? [0] : strided(ny, s);
    for (const r of rows) {
      for (const c of strided(nx, s)) {
        const i = r * nx + c;
        if (!seen[i]) {
          seen[i] = 1;
          out.push(i);
        }
      }
    }
  }
  return out;
}

/** 0, s, 2s, … and always the last index (so the edges are sampled at every level). */
function strided(n: number, s: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < n; i += s) out.push(i);
  if (out[out.length - 1] !== n - 1) out.push(n - 1);
  return out;
}

/**
 * `values` with unknown cells (known[i] = 0) filled from the nearest known cell (Chebyshev
 * distance; a multi-source breadth-first search, O(cells)); all NaN while nothing is known.
 */
export function fillFromKnown(values: Float64Array, known: Uint8Array, nx: number, ny: number): Float64Array {
  const out = Float64Array.from(values);
  const queue = new Int32Array(nx * ny);
  const reached = Uint8Array.from(known);
  let tail = 0;
  for (let i = 0; i < known.length; i++) if (known[i]) queue[tail++] = i;
  if (tail === 0 || tail === known.length) return out;
  for (let head = 0; head < tail; head++) {
    const i = queue[head];
    const r = Math.floor(i / nx);
    const c = i % nx;
    for (let dr = -1; dr <= 1; dr++) {
      for (let dc = -1; dc <= 1; dc++) {
        const rr = r + dr;
        const cc = c + dc;
        if (rr < 0 || rr >= ny || cc < 0 || cc >= nx) continue;
        const j = rr * nx + cc;
        if (reached[j]) continue;
        reached[j] = 1;
        out[j] = out[i];
        queue[tail++] = j;
      }
    }
  }
  return out;
}
