/**
 * Attention matrices as pixels: max-pooled to a thumbnail size (a sharp, single-key attention
 * stays visible when 512 keys share 64 pixels) and coloured through a 256-entry LUT.
 */

/**
 * The [rows, cols] matrix at `offset` of `data`, max-pooled to [outRows, outCols] (no larger
 * than the matrix).
 *
 * @example
 * maxPool(Float32Array.from([1, 2, 3, 4]), 0, 2, 2, 1, 1); // Float32Array [4]
 */
export function maxPool(
  data: Float32Array,
  offset: number,
  rows: number,
  cols: number,
  outRows: number,
  outCols: number
): Float32Array {
  const orow = Math.min(outRows, rows);
  const ocol = Math.min(outCols, cols);
  const out = new Float32Array(orow * ocol);
  for (let r = 0; r < rows; r++) {
    const rr = Math.floor((r * orow) / rows);
    const src = offset + r * cols;
    const dst = rr * ocol;
    for (let c = 0; c < cols; c++) {
      const v = data[src + c];
      const cc = dst + Math.floor((c * ocol) / cols);
      if (v > out[cc]) out[cc] = v;
    }
  }
  return out;
}

/**
 * RGBA pixels of `values` (length w·h) through `lut` (256×RGBA) on [0, vmax].
 *
 * @example
 * toRGBA(Float32Array.from([0, 1]), schemeLUT('blues'), 1); // Uint8ClampedArray(8)
 */
export function toRGBA(values: Float32Array, lut: Uint8Array, vmax: number): Uint8ClampedArray<ArrayBuffer> {
  const out = new Uint8ClampedArray(values.length * 4);
  const scale = vmax > 0 ? 255 / vmax : 0;
  for (let i = 0; i < values.length; i++) {
    const idx = Math.max(0, Math.min(255, Math.round(values[i] * scale))) * 4;
    out[i * 4] = lut[idx];
    out[i * 4 + 1] = lut[idx + 1];
    out[i * 4 + 2] = lut[idx + 2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

/** The largest value of a range of `data` (colour scales per matrix). */
export function rangeMax(data: Float32Array, offset: number, length: number): number {
  let m = 0;
  for (let i = offset; i < offset + length; i++) if (data[i] > m) m = data[i];
  return m;
}
