/**
 * Head similarity: a Vega-Lite heatmap of one layer's Jensen–Shannon distances between heads,
 * rows and columns in clustering order so that heads that attend alike sit together.
 */
import type { TopLevelSpec } from 'vega-lite';

export interface SimilarityData {
  /** [heads × heads] distances, row-major. */
  distances: ArrayLike<number>;
  heads: number;
  order: number[];
  layerName: string;
}

/**
 * @example
 * similaritySpec({ distances, heads: 12, order, layerName: 'layer 3' }, 320);
 */
export function similaritySpec(data: SimilarityData, size: number): TopLevelSpec {
  const { distances, heads, order } = data;
  const values: { a: string; b: string; d: number }[] = [];
  for (let i = 0; i < heads; i++) {
    for (let j = 0; j < heads; j++) {
      values.push({ a: `head ${i}`, b: `head ${j}`, d: distances[i * heads + j] });
    }
  }
  const sort = order.map(h => `head ${h}`);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: `${data.layerName}: distance between heads`, subtitle: 'Jensen–Shannon divergence, mean over queries; clustered order' },
    width: size,
    height: size,
    data: { values },
    mark: { type: 'rect' },
    encoding: {
      x: { field: 'b', type: 'ordinal', sort, title: null },
      y: { field: 'a', type: 'ordinal', sort, title: null },
      color: { field: 'd', type: 'quantitative', title: 'JS', scale: { scheme: 'viridis', reverse: true, domainMin: 0 } },
      tooltip: [
        { field: 'a', title: 'head' },
        { field: 'b', title: 'vs' },
        { field: 'd', title: 'JS divergence', format: '.4f' }
      ]
    }
  };
}
