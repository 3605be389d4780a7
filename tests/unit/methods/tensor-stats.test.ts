/**
 * tensorStats against a plain-JS reference (numpy semantics: population std, "linear"
 * percentiles) computed in float64 from the same float32 values. Runs on the CPU backend in
 * the `unit` project and on WebGPU in the `webgpu` project.
 */
import * as tf from '@tensorflow/tfjs';

import { DEFAULT_BINS, tensorStats } from '../../../src/methods/tensor-stats';
import { TEST_BACKEND, assertTestBackend } from '../../jest/backend';

/** numpy.percentile(x, p) with the default linear method, x sorted ascending. */
function exactPercentile(sorted: Float64Array, p: number): number {
  const rank = (p / 100) * (sorted.length - 1);
  const lo = Math.floor(rank);
  const hi = Math.ceil(rank);
  return sorted[lo] + (rank - lo) * (sorted[hi] - sorted[lo]);
}

function reference(data: ArrayLike<number>, p: number) {
  const finite = Float64Array.from(Array.from(data).filter(Number.isFinite)).sort();
  const n = finite.length;
  const mean = finite.reduce((a, b) => a + b, 0) / n;
  const std = Math.sqrt(finite.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  return {
    count: data.length,
    finiteCount: n,
    nanCount: Array.from(data).filter(Number.isNaN).length,
    posInfCount: Array.from(data).filter(v => v === Infinity).length,
    negInfCount: Array.from(data).filter(v => v === -Infinity).length,
    min: finite[0],
    max: finite[n - 1],
    mean,
    std,
    lo: exactPercentile(finite, p),
    hi: exactPercentile(finite, 100 - p)
  };
}

/** Deterministic skewed data with NaN and ±Inf sprinkled in. */
function sample(n: number, seed = 1): Float32Array {
  const out = new Float32Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    const u = s / 2 ** 32;
    out[i] = 1000 + 50 * Math.tan((u - 0.5) * 2.8); // heavy tails, far-from-zero mean: hard for naive sums
  }
  for (let i = 7; i < n; i += 97) out[i] = NaN;
  for (let i = 11; i < n; i += 211) out[i] = Infinity;
  for (let i = 13; i < n; i += 307) out[i] = -Infinity;
  return out;
}

const closeTo = (actual: number, expected: number, tol: number) => {
  if (Math.abs(actual - expected) > tol) {
    throw new Error(`expected ${actual} to be within ${tol} of ${expected}`);
  }
};

describe(`tensorStats on ${TEST_BACKEND}`, () => {
  beforeAll(assertTestBackend);

  it('counts NaN and ±Inf and summarises the finite values like numpy', async () => {
    const data = sample(20_000);
    const ref = reference(data, 2);
    const s = await tensorStats(data, { percentile: 2 });
    expect({ count: s.count, finiteCount: s.finiteCount, nanCount: s.nanCount, posInfCount: s.posInfCount, negInfCount: s.negInfCount }).toEqual({
      count: ref.count,
      finiteCount: ref.finiteCount,
      nanCount: ref.nanCount,
      posInfCount: ref.posInfCount,
      negInfCount: ref.negInfCount
    });
    expect(s.min).toBe(ref.min);
    expect(s.max).toBe(ref.max);
    closeTo(s.mean, ref.mean, 1e-6 * ref.std + 1e-6 * Math.abs(ref.mean));
    closeTo(s.std, ref.std, 1e-5 * ref.std);
  });

  it.each([1, 2, 5, 25])('puts the percentiles for p = %p within one bin width of the exact ones', async p => {
    const data = sample(20_000, p);
    const ref = reference(data, p);
    const bins = 512;
    const s = await tensorStats(data, { percentile: p, bins });
    const binWidth = (ref.max - ref.min) / bins;
    // One bin width, plus float32 rounding where a value sits on a bin edge.
    const tol = binWidth * 1.001;
    closeTo(s.lo, ref.lo, tol);
    closeTo(s.hi, ref.hi, tol);
  });

  it('gives min and max as lo and hi when percentile is 0', async () => {
    const s = await tensorStats(Float32Array.of(3, -1, NaN, 8, 2));
    expect([s.lo, s.hi]).toEqual([-1, 8]);
    expect([s.min, s.max]).toEqual([-1, 8]);
    expect(s.mean).toBeCloseTo(3, 5);
  });

  it('gives the same answer in small chunks as in one', async () => {
    const data = sample(10_007, 3);
    const whole = await tensorStats(data, { percentile: 2, bins: 1024 });
    const chunked = await tensorStats(data, { percentile: 2, bins: 1024, chunkElements: 1000 });
    expect(chunked.count).toBe(whole.count);
    expect(chunked.finiteCount).toBe(whole.finiteCount);
    expect(chunked.nanCount).toBe(whole.nanCount);
    expect(chunked.posInfCount).toBe(whole.posInfCount);
    expect(chunked.negInfCount).toBe(whole.negInfCount);
    expect(chunked.min).toBe(whole.min);
    expect(chunked.max).toBe(whole.max);
    // The histogram bins each element the same way whatever the chunking.
    expect(chunked.lo).toBe(whole.lo);
    expect(chunked.hi).toBe(whole.hi);
    closeTo(chunked.mean, whole.mean, 1e-6 * whole.std);
    closeTo(chunked.std, whole.std, 1e-5 * whole.std);
  });

  it('keeps std accurate for a large offset with a tiny spread', async () => {
    const data = Float32Array.from({ length: 4096 }, (_, i) => 10_000 + (i % 2 === 0 ? 0.5 : -0.5));
    const s = await tensorStats(data, { chunkElements: 1000 });
    closeTo(s.mean, 10_000, 1e-3);
    closeTo(s.std, 0.5, 1e-4);
  });

  it('handles int32 and bool data', async () => {
    const ints = Int32Array.from({ length: 1001 }, (_, i) => i - 500);
    const si = await tensorStats(ints, { percentile: 10, bins: 1000 });
    expect([si.count, si.finiteCount, si.nanCount, si.min, si.max]).toEqual([1001, 1001, 0, -500, 500]);
    closeTo(si.mean, 0, 1e-4);
    closeTo(si.std, reference(ints, 10).std, 1e-3);
    closeTo(si.lo, -400, 1);
    closeTo(si.hi, 400, 1);
    const bools = Uint8Array.from([1, 0, 1, 1]);
    const sb = await tensorStats(bools);
    expect([sb.count, sb.min, sb.max]).toEqual([4, 0, 1]);
    closeTo(sb.mean, 0.75, 1e-6);
  });

  it('returns NaN statistics and the counts for all-NaN, all-Inf and empty data', async () => {
    const nan = await tensorStats(Float32Array.of(NaN, NaN, Infinity));
    expect(nan).toEqual({ count: 3, finiteCount: 0, nanCount: 2, posInfCount: 1, negInfCount: 0, min: NaN, max: NaN, mean: NaN, std: NaN, lo: NaN, hi: NaN });
    const empty = await tensorStats(new Float32Array(0), { percentile: 2 });
    expect(empty).toEqual({ count: 0, finiteCount: 0, nanCount: 0, posInfCount: 0, negInfCount: 0, min: NaN, max: NaN, mean: NaN, std: NaN, lo: NaN, hi: NaN });
  });

  it('handles a constant tensor (zero-width histogram)', async () => {
    const s = await tensorStats(new Float32Array(100).fill(4.25), { percentile: 5 });
    expect([s.min, s.max, s.mean, s.std, s.lo, s.hi]).toEqual([4.25, 4.25, 4.25, 0, 4.25, 4.25]);
  });

  it('rejects options out of range', async () => {
    const x = Float32Array.of(1, 2);
    await expect(tensorStats(x, { percentile: 50 })).rejects.toThrow(RangeError);
    await expect(tensorStats(x, { percentile: -1 })).rejects.toThrow(/percentile/);
    await expect(tensorStats(x, { bins: 0 })).rejects.toThrow(/bins/);
    await expect(tensorStats(x, { chunkElements: 0.5 })).rejects.toThrow(/chunkElements/);
    expect(DEFAULT_BINS).toBe(4096);
  });

  it('leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    await tensorStats(sample(5000), { percentile: 2, chunkElements: 999 });
    await tensorStats(new Float32Array(0));
    expect(tf.memory().numTensors).toBe(before);
  });
});
