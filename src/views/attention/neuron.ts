/**
 * The neuron view's numbers (BertViz neuron view): for one query token and every key token of a
 * head, the key vector, the elementwise product q∘k, the score q·k/√d and the softmax weight.
 */
export interface NeuronRow {
  key: number;
  k: Float32Array;
  product: Float32Array;
  score: number;
  weight: number;
}

/**
 * @example
 * neuronRows(q, k, [1, 1, 2, 4], 0, 0, 0); // one row per key token
 */
export function neuronRows(
  queries: Float32Array,
  keys: Float32Array,
  shape: number[],
  layer: number,
  head: number,
  query: number
): { q: Float32Array; rows: NeuronRow[] } {
  const [, heads, tq, d] = shape;
  const tk = keys.length / (shape[0] * heads * d);
  const qv = queries.subarray(((layer * heads + head) * tq + query) * d, ((layer * heads + head) * tq + query + 1) * d);
  const rows: NeuronRow[] = [];
  const scale = 1 / Math.sqrt(d);
  for (let j = 0; j < tk; j++) {
    const kv = keys.subarray(((layer * heads + head) * tk + j) * d, ((layer * heads + head) * tk + j + 1) * d);
    const product = new Float32Array(d);
    let dot = 0;
    for (let i = 0; i < d; i++) {
      product[i] = qv[i] * kv[i];
      dot += product[i];
    }
    rows.push({ key: j, k: kv, product, score: dot * scale, weight: 0 });
  }
  const max = Math.max(...rows.map(r => r.score));
  const sum = rows.reduce((s, r) => s + Math.exp(r.score - max), 0);
  for (const r of rows) r.weight = Math.exp(r.score - max) / sum;
  return { q: qv, rows };
}
