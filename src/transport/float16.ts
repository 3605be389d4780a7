/**
 * IEEE 754 half-precision → float32. Arrow JS hands float16 values over as raw `Uint16Array`
 * bits; tfjs has no float16 dtype, so they are widened once on arrival.
 */

/** Number of distinct half-precision bit patterns: a full lookup table is 256 KiB. */
const HALF_PATTERNS = 1 << 16;

let table: Float32Array | null = null;

/** Exact float32 value of one half-precision bit pattern (subnormals, ±Inf and NaN included). */
function halfBitsToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >>> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) {
    return sign * fraction * 2 ** -24; // subnormal: 0.fraction × 2^-14
  }
  if (exponent === 0x1f) {
    return fraction === 0 ? sign * Infinity : NaN;
  }
  return sign * (1 + fraction / 1024) * 2 ** (exponent - 15);
}

/** The 64 Ki-entry table, built on first use; a lookup beats bit twiddling per element. */
function halfTable(): Float32Array {
  if (table === null) {
    table = new Float32Array(HALF_PATTERNS);
    for (let h = 0; h < HALF_PATTERNS; h++) {
      table[h] = halfBitsToNumber(h);
    }
  }
  return table;
}

/**
 * Widens float16 bit patterns to a new Float32Array (one copy; float16 has no tfjs dtype).
 *
 * @example
 * float16ToFloat32(new Uint16Array([0x3c00, 0xc000, 0x7c00])); // Float32Array [1, -2, Infinity]
 */
export function float16ToFloat32(bits: Uint16Array): Float32Array {
  const t = halfTable();
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) {
    out[i] = t[bits[i]];
  }
  return out;
}
