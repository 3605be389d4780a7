/**
 * Tabular attributions: per method, a horizontal bar per feature (name as text), sorted by
 * magnitude, red for positive and blue for negative contributions.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

/** Features shown per method (the rest are summarized in the subtitle). */
export const MAX_FEATURES = 20;

/**
 * @example
 * featureBarsSpec({ title: 'MLP', subtitle: '#3', methods: [{ title: 'IG', names: ['age'], values: [0.2] }], config: {} });
 */
export function featureBarsSpec(o: { title: string; subtitle: string; methods: { title: string; names: string[]; values: number[] }[]; config: Config }): TopLevelSpec {
  const charts = o.methods.map(m => {
    const order = m.values.map((v, i) => i).sort((a, b) => Math.abs(m.values[b]) - Math.abs(m.values[a])).slice(0, MAX_FEATURES);
    const values = order.map((i, rank) => ({ feature: m.names[i] ?? `x${i}`, value: m.values[i], rank, sign: m.values[i] >= 0 ? 'positive' : 'negative' }));
    return {
      title: { text: m.title, fontSize: 11 },
      width: 200,
      height: { step: 14 },
      data: { values },
      mark: { type: 'bar', tooltip: true },
      encoding: {
        y: { field: 'feature', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null },
        x: { field: 'value', type: 'quantitative', title: 'attribution' },
        color: { field: 'sign', type: 'nominal', scale: { domain: ['positive', 'negative'], range: ['#d6604d', '#4393c3'] }, legend: null }
      }
    };
  });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start' },
    hconcat: charts,
    config: o.config
  } as unknown as TopLevelSpec;
}
