/**
 * Percentiles read off a histogram, so a tensor of any size needs only a fixed-size
 * histogram in memory instead of a sorted copy.
 */

/**
 * The `p`-th percentile (0..100) of `total` values whose histogram over [min, max] in
 * equal-width bins is `counts`, with numpy's default "linear" definition (rank p/100·(n−1),
 * interpolated between the two neighbouring order statistics).
 *
 * Each order statistic is placed inside its bin as if the bin's values were evenly spread, so
 * it lies in the same bin as the true value: the error is at most one bin width
 * (max − min) / bins. (Values whose bin was decided in float32 right at a bin edge can add a
 * rounding-sized excess.) Rank 0 and rank n−1 are min and max exactly.
 *
 * @example
 * histogramPercentile(Float64Array.of(1, 1, 1, 1), 0, 4, 4, 50); // 2
 */
export function histogramPercentile(counts: ArrayLike<number>, min: number, max: number, total: number, p: number): number {
  if (total === 0) {
    return NaN;
  }
  const rank = (p / 100) * (total - 1);
  const below = Math.floor(rank);
  const above = Math.ceil(rank);
  const lower = orderStatistic(counts, min, max, total, below);
  if (above === below) {
    return lower;
  }
  const upper = orderStatistic(counts, min, max, total, above);
  return lower + (rank - below) * (upper - lower);
}

/** Estimated value of the k-th smallest (0-based) of `total` values. */
function orderStatistic(counts: ArrayLike<number>, min: number, max: number, total: number, k: number): number {
  if (k <= 0) {
    return min;
  }
  if (k >= total - 1) {
    return max;
  }
  const bins = counts.length;
  const width = (max - min) / bins;
  let seen = 0;
  for (let b = 0; b < bins; b++) {
    const c = counts[b];
    if (k < seen + c) {
      const inside = (k - seen + 0.5) / c; // position of the k-th value among the bin's c values
      const value = min + (b + inside) * width;
      return Math.min(max, Math.max(min, value));
    }
    seen += c;
  }
  return max;
}
