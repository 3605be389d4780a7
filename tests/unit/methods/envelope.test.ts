/**
 * envelope (min / mean / max per bucket of a long vector) against a plain-JS reference.
 */
import * as tf from '@tensorflow/tfjs';

import { envelope } from '../../../src/methods/envelope';
import { TEST_BACKEND, assertTestBackend } from '../../jest/backend';

function reference(data: ArrayLike<number>, maxBuckets: number) {
  const n = data.length;
  const bucket = Math.max(1, Math.ceil(n / Math.max(1, maxBuckets)));
  const rows: { min: number; mean: number; max: number; start: number; end: number }[] = [];
  for (let start = 0; start < n; start += bucket) {
    const part = Array.from(data).slice(start, start + bucket);
    rows.push({
      start,
      end: start + part.length - 1,
      min: Math.min(...part),
      max: Math.max(...part),
      mean: part.reduce((a, b) => a + b, 0) / part.length
    });
  }
  return { bucket, rows };
}

describe(`envelope on ${TEST_BACKEND}`, () => {
  beforeAll(assertTestBackend);

  it('matches its example', async () => {
    const env = await envelope(new Float32Array([1, 2, 3, 4, 5]), 2);
    expect(env.bucket).toBe(3);
    expect(Array.from(env.mean)).toEqual([2, 4.5]);
    expect(Array.from(env.min)).toEqual([1, 4]);
    expect(Array.from(env.max)).toEqual([3, 5]);
    expect(Array.from(env.start)).toEqual([0, 3]);
    expect(Array.from(env.end)).toEqual([2, 4]);
  });

  it.each([
    [1000, 7],
    [1001, 1000],
    [10, 100]
  ])('buckets %i values into at most %i rows like the reference', async (n, maxBuckets) => {
    const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i / 7) * 100 + (i % 13));
    const env = await envelope(data, maxBuckets);
    const ref = reference(data, maxBuckets);
    expect(env.bucket).toBe(ref.bucket);
    expect(env.min.length).toBe(ref.rows.length);
    expect(env.min.length).toBeLessThanOrEqual(maxBuckets);
    ref.rows.forEach((row, b) => {
      expect(env.min[b]).toBe(Math.fround(row.min));
      expect(env.max[b]).toBe(Math.fround(row.max));
      expect(Math.abs(env.mean[b] - row.mean)).toBeLessThanOrEqual(1e-4 * Math.max(1, Math.abs(row.mean)));
      expect([env.start[b], env.end[b]]).toEqual([row.start, row.end]);
    });
  });

  it('accepts int32 data and leaves no tensors behind', async () => {
    const before = tf.memory().numTensors;
    const env = await envelope(Int32Array.from({ length: 9 }, (_, i) => i), 3);
    expect(Array.from(env.mean)).toEqual([1, 4, 7]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
