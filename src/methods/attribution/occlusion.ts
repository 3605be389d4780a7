/**
 * Occlusion (Zeiler & Fergus 2014), as Captum's Occlusion: a window slides over the input's
 * non-batch dimensions (start k·stride, last start where the window still fits plus one more
 * that may overhang and is cut at the border); each placement replaces the window by the
 * baseline, and f(x) − f(occluded) is added to every element it covered. Each element's
 * attribution is the mean over the placements that covered it. Placements go through the model
 * `perturbationsPerEval` at a time.
 */
import * as tf from '@tensorflow/tfjs';

import { userBaseline } from './baselines';
import { AttributionError } from './errors';
import * as msg from './messages';
import type { ExplainedModel } from './model';
import { checkpoint, type Progress } from './progress';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

/** Placements per pass unless told (Captum's default is 1; more is faster and still bounded). */
export const DEFAULT_PERTURBATIONS_PER_EVAL = 16;

export interface OcclusionOptions extends Progress {
  /** Window size per non-batch dimension (Captum's sliding_window_shapes), e.g. [3, 8, 8]. */
  window: number[];
  /** Step per dimension (default 1 everywhere, as Captum). */
  strides?: number[];
  /** What fills the window: a number (default 0) or a tensor like x or like one example. */
  baseline?: number | tf.Tensor;
  perturbationsPerEval?: number;
}

/**
 * @example
 * const { attributions } = await occlusion(m, m.x, classTarget(207), { window: [3, 15, 15], strides: [3, 8, 8] });
 */
export async function occlusion(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: OcclusionOptions): Promise<Attribution> {
  const dims = x.shape.slice(1);
  const window = options.window;
  const strides = options.strides ?? window.map(() => 1);
  if (window.length !== dims.length || window.some((w, i) => !Number.isInteger(w) || w < 1 || w > dims[i])) {
    throw new AttributionError(msg.windowShape(window, x.shape));
  }
  if (strides.length !== window.length || strides.some((s, i) => !Number.isInteger(s) || s < 1 || (s > window[i] && dims[i] > window[i]))) {
    throw new AttributionError(msg.strideShape(strides, window));
  }
  const shifts = dims.map((d, i) => Math.ceil((d - window[i]) / strides[i]) + 1);
  const placements = shifts.reduce((a, b) => a * b, 1);
  const size = dims.reduce((a, b) => a * b, 1);
  const batch = x.shape[0];
  const perEval = Math.max(1, options.perturbationsPerEval ?? DEFAULT_PERTURBATIONS_PER_EVAL);
  const baseline = typeof options.baseline === 'object' ? userBaseline(x, options.baseline, 'occlusion baseline') : tf.fill(x.shape, options.baseline ?? 0);
  const fx = m.scores(x, target);
  let total = tf.zeros([batch, size]);
  let count = tf.zeros([size]);
  try {
    for (let start = 0; start < placements; start += perEval) {
      const n = Math.min(perEval, placements - start);
      const host = new Float32Array(n * size);
      for (let j = 0; j < n; j++) fillWindow(host.subarray(j * size, (j + 1) * size), dims, window, placementStart(start + j, shifts, strides));
      const masks = tf.tensor2d(host, [n, size]);
      const occluded = tf.tidy(() => {
        const mk = tf.reshape(masks, [n, 1, ...dims]);
        const keep = tf.sub(1, mk);
        const xs = tf.add(tf.mul(tf.expandDims(x, 0), keep), tf.mul(tf.expandDims(baseline, 0), mk));
        return tf.reshape(xs, [n * batch, ...dims]);
      });
      const fo = m.scores(occluded, target);
      const [nextTotal, nextCount] = tf.tidy(() => {
        const diff = tf.sub(tf.expandDims(fx, 0), tf.reshape(fo, [n, batch])); // [n, B]
        return [tf.add(total, tf.matMul(diff, masks, true, false)), tf.add(count, tf.sum(masks, 0))];
      });
      tf.dispose([masks, occluded, fo, total, count]);
      total = nextTotal;
      count = nextCount;
      await checkpoint(options, start + n, placements);
    }
    const attributions = tf.tidy(() => tf.reshape(tf.div(total, count), x.shape));
    return { attributions, scores: fx.clone() };
  } finally {
    tf.dispose([baseline, fx, total, count]);
  }
}

/** Start coordinates of placement p (Captum's order: the first dimension varies fastest). */
function placementStart(p: number, shifts: number[], strides: number[]): number[] {
  let rest = p;
  return shifts.map((s, i) => {
    const k = rest % s;
    rest = Math.floor(rest / s);
    return k * strides[i];
  });
}

/** Sets to 1 the elements of a row-major `dims` array inside the window at `start` (cut at the border). */
function fillWindow(out: Float32Array, dims: number[], window: number[], start: number[]): void {
  const ranges = dims.map((d, i) => [start[i], Math.min(start[i] + window[i], d)]);
  const rec = (dim: number, offset: number): void => {
    for (let k = ranges[dim][0]; k < ranges[dim][1]; k++) {
      const o = offset * dims[dim] + k;
      if (dim === dims.length - 1) out[o] = 1;
      else rec(dim + 1, o);
    }
  };
  rec(0, 0);
}
