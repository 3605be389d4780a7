/**
 * Summary statistics of a tensor of any size, computed on the active tfjs backend in chunks,
 * so memory stays bounded however large the tensor is.
 *
 * Pass 1 (per chunk): NaN/±Inf/finite counts, min, max, and a sum shifted by the first finite
 * value (for an accurate mean). Pass 2 (per chunk): the sum of squared deviations from that mean
 * (corrected two-pass variance: stable where the one-pass sumsq formula cancels) and, when
 * percentiles are asked for, a histogram over [min, max] from which they are interpolated.
 * Each chunk is read back once; the totals are accumulated in float64 on the host.
 */
import * as tf from '@tensorflow/tfjs';

import type { TensorData } from '../transport/types';
import { histogramPercentile } from './histogram-percentile';
import * as msg from './messages';
import { uploadFloat32 } from './upload';

export interface TensorStats {
  /** Elements in the tensor. */
  count: number;
  finiteCount: number;
  nanCount: number;
  posInfCount: number;
  negInfCount: number;
  /** min, max, mean and std (population, ddof = 0 like numpy) over finite values; NaN when there are none. */
  min: number;
  max: number;
  mean: number;
  std: number;
  /** The `percentile`-th and (100 − `percentile`)-th percentiles of finite values; min and max when percentile is 0. */
  lo: number;
  hi: number;
}

export interface TensorStatsOptions {
  /** Tail to cut for `lo`/`hi`, in percent, in [0, 50); default 0 (lo = min, hi = max). */
  percentile?: number;
  /** Histogram bins for the percentiles (error ≤ one bin width of (max − min) / bins); default DEFAULT_BINS. */
  bins?: number;
  /** Elements uploaded and reduced at a time; default DEFAULT_CHUNK_ELEMENTS. */
  chunkElements?: number;
}

/** 4096 bins put the percentile error under 0.025 % of the value range: below one step of an 8-bit colour map. */
export const DEFAULT_BINS = 4096;
/** 4 Mi elements = 16 MiB of float32 per upload: large enough to keep a GPU busy, small enough for any page. */
export const DEFAULT_CHUNK_ELEMENTS = 1 << 22;
/** Counts are summed in float32 on the backend, which counts exactly only up to 2^24. */
export const MAX_CHUNK_ELEMENTS = 1 << 24;
/** xarray's `robust=True` colour range: the 2nd to 98th percentile. */
export const ROBUST_PERCENTILE = 2;

/** Layout of pass 1's per-chunk read-back. */
const P1 = { nan: 0, posInf: 1, negInf: 2, finite: 3, min: 4, max: 5, shiftedSum: 6 } as const;

/**
 * Counts, min/max/mean/std over finite values, and robust bounds `lo`/`hi`.
 * Data of any dtype is summarised as float32 (int32 beyond 2^24 rounds). All-NaN or empty
 * data gives NaN statistics (and the counts), not an error.
 *
 * @example
 * const s = await tensorStats(new Float32Array([1, 2, NaN, Infinity, 3]), {percentile: 2});
 * s.nanCount;   // 1
 * s.posInfCount // 1
 * s.mean;       // 2
 */
export async function tensorStats(data: TensorData, options: TensorStatsOptions = {}): Promise<TensorStats> {
  const { percentile = 0, bins = DEFAULT_BINS, chunkElements = DEFAULT_CHUNK_ELEMENTS } = options;
  checkOptions(percentile, bins, chunkElements);
  const count = data.length;
  const shift = firstFinite(data);
  const p1 = new Float64Array(7);
  p1[P1.min] = Infinity;
  p1[P1.max] = -Infinity;
  for (let start = 0; start < count; start += chunkElements) {
    const part = await readChunk(() => firstPass(data.subarray(start, start + chunkElements), shift));
    p1[P1.nan] += part[P1.nan];
    p1[P1.posInf] += part[P1.posInf];
    p1[P1.negInf] += part[P1.negInf];
    p1[P1.finite] += part[P1.finite];
    p1[P1.min] = Math.min(p1[P1.min], part[P1.min]);
    p1[P1.max] = Math.max(p1[P1.max], part[P1.max]);
    p1[P1.shiftedSum] += part[P1.shiftedSum];
  }
  const counts = {
    count,
    finiteCount: p1[P1.finite],
    nanCount: p1[P1.nan],
    posInfCount: p1[P1.posInf],
    negInfCount: p1[P1.negInf]
  };
  const n = counts.finiteCount;
  if (n === 0) {
    return { ...counts, min: NaN, max: NaN, mean: NaN, std: NaN, lo: NaN, hi: NaN };
  }
  const min = p1[P1.min];
  const max = p1[P1.max];
  const mean = shift + p1[P1.shiftedSum] / n;
  const withHistogram = percentile > 0;
  const histogram = new Float64Array(withHistogram ? bins : 0);
  let deviation = 0;
  let squared = 0;
  for (let start = 0; start < count; start += chunkElements) {
    const view = data.subarray(start, start + chunkElements);
    const part = await readChunk(() => secondPass(view, mean, withHistogram ? { bins, min, max } : null));
    for (let b = 0; b < histogram.length; b++) {
      histogram[b] += part[b];
    }
    deviation += part[part.length - 2];
    squared += part[part.length - 1];
  }
  // Corrected two-pass variance: the (Σd)²/n term removes the rounding error left in `mean`.
  const variance = Math.max(0, (squared - (deviation * deviation) / n) / n);
  const lo = withHistogram ? histogramPercentile(histogram, min, max, n, percentile) : min;
  const hi = withHistogram ? histogramPercentile(histogram, min, max, n, 100 - percentile) : max;
  return { ...counts, min, max, mean: clamp(mean, min, max), std: Math.sqrt(variance), lo, hi };
}

function checkOptions(percentile: number, bins: number, chunkElements: number): void {
  if (!(percentile >= 0 && percentile < 50)) {
    throw new RangeError(msg.badPercentile(percentile));
  }
  if (!Number.isInteger(bins) || bins < 1) {
    throw new RangeError(msg.badBins(bins));
  }
  if (!Number.isInteger(chunkElements) || chunkElements < 1 || chunkElements > MAX_CHUNK_ELEMENTS) {
    throw new RangeError(msg.badChunk(chunkElements, MAX_CHUNK_ELEMENTS));
  }
}

/** Runs one chunk's kernels under tidy, then reads the packed result once, outside it. */
async function readChunk(compute: () => tf.Tensor): Promise<Float32Array> {
  const packed = tf.tidy(compute);
  try {
    return (await packed.data()) as Float32Array;
  } finally {
    packed.dispose();
  }
}

/** [nan, +inf, −inf, finite, min, max, Σ(x − shift)] of one chunk, packed into one tensor. */
function firstPass(view: TensorData, shift: number): tf.Tensor {
  const x = uploadFloat32(view, [view.length]);
  const finite = tf.isFinite(x);
  const countOf = (mask: tf.Tensor) => tf.sum(tf.cast(mask, 'float32'));
  return tf.stack([
    countOf(tf.isNaN(x)),
    countOf(tf.equal(x, Infinity)),
    countOf(tf.equal(x, -Infinity)),
    countOf(finite),
    tf.min(tf.where(finite, x, Infinity)),
    tf.max(tf.where(finite, x, -Infinity)),
    tf.sum(tf.where(finite, tf.sub(x, Number.isFinite(shift) ? shift : 0), 0))
  ]);
}

/** [histogram (bins values, if asked), Σd, Σd²] of one chunk, with d = x − mean over finite x. */
function secondPass(view: TensorData, mean: number, histogram: { bins: number; min: number; max: number } | null): tf.Tensor {
  const x = uploadFloat32(view, [view.length]);
  const finite = tf.isFinite(x);
  const d = tf.where(finite, tf.sub(x, mean), 0);
  const sums = tf.stack([tf.sum(d), tf.sum(tf.square(d))]);
  if (histogram === null) {
    return sums;
  }
  const { bins, min, max } = histogram;
  const scale = max > min ? bins / (max - min) : 0;
  const bin = tf.clipByValue(tf.floor(tf.mul(tf.sub(tf.where(finite, x, min), min), scale)), 0, bins - 1);
  // Non-finite values go to one extra bin that is dropped, so one bincount serves every chunk.
  const index = tf.cast(tf.where(finite, bin, bins), 'int32') as tf.Tensor1D;
  const counts = tf.bincount(index, tf.tensor1d([], 'float32'), bins + 1);
  return tf.concat([tf.slice(counts, 0, bins), sums]);
}

/** The first finite value (a cheap reference for shifted sums), or NaN if there is none. */
function firstFinite(data: TensorData): number {
  for (let i = 0; i < data.length; i++) {
    if (Number.isFinite(data[i])) {
      return data[i];
    }
  }
  return NaN;
}

/** Float rounding can push a mean of nearly equal values just outside [min, max]. */
function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
