/**
 * How alike two attribution maps are, as the model-randomization test reports it (Adebayo et
 * al. 2018, "Sanity checks for saliency maps", §3): Spearman's rank correlation of the maps, and
 * of their absolute values. Host-side: the maps are already on the host for drawing.
 */

/** Ranks 1…n with ties given their average rank (as scipy.stats.rankdata). */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(n);
  let i = 0;
  while (i < n) {
    let j = i;
    while (j + 1 < n && values[order[j + 1]] === values[order[i]]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]] = rank;
    i = j + 1;
  }
  return out;
}

/** Pearson correlation; NaN when either side is constant. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i] - ma;
    const db = b[i] - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa === 0 || sbb === 0 ? NaN : sab / Math.sqrt(saa * sbb);
}

/**
 * Spearman's ρ of two maps.
 *
 * @example
 * spearman([1, 2, 3], [10, 20, 25]); // 1
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>, absolute = false): number {
  const f = (x: ArrayLike<number>) => (absolute ? Float64Array.from(x, Math.abs) : x);
  return pearson(ranks(f(a)), ranks(f(b)));
}
