/**
 * Plain summaries of named result tensors (outputs, taps, gradients) for a table: shape,
 * min / mean / max of the finite values, and for [batch, classes] outputs the top-k of row 0.
 * Pure: typed arrays in, rows out.
 */

export interface ResultRow {
  name: string;
  shape: number[];
  min: number;
  mean: number;
  max: number;
  /** Top-k (index, value) of the first row for rank-2 float outputs, else empty. */
  top: { index: number; value: number }[];
}

export interface NamedArray {
  shape: number[];
  dtype: string;
  data: ArrayLike<number>;
}

/**
 * @example
 * summarizeResults(new Map([['output:0', {shape: [1, 3], dtype: 'float32', data: [0.1, 2, -1]}]]), 2)
 * // → [{name: 'output:0', shape: [1, 3], min: -1, mean: 0.366…, max: 2, top: [{index: 1, value: 2}, {index: 0, value: 0.1}]}]
 */
export function summarizeResults(tensors: ReadonlyMap<string, NamedArray>, k = 5): ResultRow[] {
  const rows: ResultRow[] = [];
  tensors.forEach((t, name) => {
    let min = Infinity;
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (let i = 0; i < t.data.length; i++) {
      const v = Number(t.data[i]);
      if (!Number.isFinite(v)) continue;
      min = Math.min(min, v);
      max = Math.max(max, v);
      sum += v;
      n++;
    }
    const top = name.startsWith('output:') && t.shape.length === 2 && t.dtype === 'float32' ? topK(t.data, t.shape[1], k) : [];
    rows.push({ name, shape: t.shape, min: n ? min : NaN, mean: n ? sum / n : NaN, max: n ? max : NaN, top });
  });
  return rows;
}

function topK(data: ArrayLike<number>, width: number, k: number): { index: number; value: number }[] {
  const row = Array.from({ length: width }, (_, i) => ({ index: i, value: Number(data[i]) }));
  row.sort((a, b) => b.value - a.value);
  return row.slice(0, Math.min(k, width));
}
