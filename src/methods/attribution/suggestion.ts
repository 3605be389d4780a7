/**
 * Which inputs are worth a look (iNNvestigate-GUI's sample suggestion, Anders et al.): with
 * several models, each input's mean top-1 probability against the number of distinct classes
 * the models predict for it (disagreement, low confidence); with one model, each input's
 * prediction − label (the top probability minus the probability of the true class: 0 when the
 * model is right) when labels are known, else its top probability.
 */

export interface SuggestionPoint {
  index: number;
  /** Mean over models of the top-1 probability. */
  meanTop: number;
  /** Distinct top-1 classes across the models. */
  distinct: number;
  /** One model with labels: top probability − probability of the label. */
  margin: number | null;
  /** One model and a chosen layer: the input's mean activation there. */
  activation: number | null;
}

/**
 * @example
 * suggestionPoints([{ probabilities, classes: 10 }], 4, [3, 1, 4, 1]);
 */
export function suggestionPoints(models: { probabilities: Float32Array; classes: number }[], n: number, labels: number[] = [], activations: Float32Array | null = null): SuggestionPoint[] {
  const usable = models.filter(m => m.classes > 0 && m.probabilities.length === n * m.classes);
  return Array.from({ length: n }, (_, i) => {
    let sum = 0;
    const picks = new Set<number>();
    let margin: number | null = null;
    for (const m of usable) {
      const row = m.probabilities.subarray(i * m.classes, (i + 1) * m.classes);
      let best = 0;
      for (let c = 1; c < m.classes; c++) if (row[c] > row[best]) best = c;
      sum += row[best];
      picks.add(best);
      if (usable.length === 1 && labels.length === n && labels[i] >= 0 && labels[i] < m.classes) margin = row[best] - row[labels[i]];
    }
    return { index: i, meanTop: usable.length ? sum / usable.length : NaN, distinct: picks.size, margin, activation: activations?.[i] ?? null };
  });
}
