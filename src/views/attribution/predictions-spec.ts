/**
 * Top-k predictions of one model for the example shown: a bar per class (its label as text),
 * the target class marked.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

export interface PredictionBar {
  label: string;
  score: number;
  /** Whether this class is the one being explained. */
  target: boolean;
}

/**
 * @example
 * predictionsSpec({ title: 'top-5', bars: [{ label: 'tabby', score: 0.62, target: true }], probabilities: true, config: {} });
 */
export function predictionsSpec(o: { title: string; bars: PredictionBar[]; probabilities: boolean; config: Config }): TopLevelSpec {
  const values = o.bars.map((b, i) => ({ ...b, rank: i, text: b.score.toFixed(3) }));
  const x = { field: 'score', type: 'quantitative', title: o.probabilities ? 'probability' : 'score', ...(o.probabilities ? { scale: { domain: [0, 1] } } : {}) };
  const y = { field: 'label', type: 'nominal', sort: { field: 'rank', order: 'ascending' }, title: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, anchor: 'start', fontSize: 11 },
    width: 180,
    height: { step: 14 },
    data: { values },
    layer: [
      {
        mark: { type: 'bar', tooltip: true },
        encoding: {
          x,
          y,
          opacity: { condition: { test: 'datum.target', value: 1 }, value: 0.45 }
        }
      },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 9 }, encoding: { x, y, text: { field: 'text' } } }
    ],
    config: o.config
  } as unknown as TopLevelSpec;
}
