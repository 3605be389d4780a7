/**
 * Integrated gradients (Sundararajan et al. 2017, eq. 1): (x − x') ⊙ ∫₀¹ ∂f(x' + α(x − x'))/∂x dα,
 * the integral by quadrature (Captum's conventions, quadrature.ts). The points go through the
 * model `internalBatchSize` rows at a time, so memory does not grow with the number of steps.
 * The convergence delta Σ attributions − (f(x) − f(x')) says how well the integral converged.
 */
import * as tf from '@tensorflow/tfjs';

import { makeBaseline, type Baseline } from './baselines';
import type { ExplainedModel } from './model';
import { checkpoint, type Progress } from './progress';
import { QUADRATURES, quadrature, type Quadrature } from './quadrature';
import type { TargetSpec } from './target';
import type { Attribution } from './types';

/** Captum's default n_steps. */
export const DEFAULT_IG_STEPS = 50;
/**
 * Input elements per forward/backward unless `internalBatchSize` says otherwise: 2^18 floats
 * (1 MiB of input). Activations and the gradient tape scale with it — for a VGG-11 at a quarter
 * width on 112×112 images that is ~0.4 GiB of tensors at the peak (tests/bench/attribution), a
 * share a browser tab can afford — while passes stay few (each pass costs more than its
 * arithmetic on a GPU).
 */
export const DEFAULT_INTERNAL_ELEMENTS = 2 ** 18;

/** Rows per pass for x: at least the batch (one step), else as many as the element budget allows. */
export function defaultInternalRows(x: tf.Tensor): number {
  const per = x.shape.slice(1).reduce((a, b) => a * b, 1);
  return Math.max(x.shape[0], Math.floor(DEFAULT_INTERNAL_ELEMENTS / Math.max(per, 1)));
}

export interface IntegratedGradientsOptions extends Progress {
  baseline?: Baseline;
  /** Number of interpolation points (Captum's n_steps; default 50). */
  steps?: number;
  /** Quadrature (Captum's `method`; default gausslegendre). */
  method?: Quadrature;
  /** Rows per pass (Captum's internal_batch_size); at least one step's worth (the batch). */
  internalBatchSize?: number;
}

/**
 * @example
 * const { attributions, delta } = await integratedGradients(m, m.x, classTarget(207), { steps: 64, baseline: 'blur' });
 */
export async function integratedGradients(
  m: ExplainedModel,
  x: tf.Tensor,
  target: TargetSpec,
  options: IntegratedGradientsOptions = {}
): Promise<Attribution> {
  const steps = options.steps ?? DEFAULT_IG_STEPS;
  const { alphas, weights } = quadrature(options.method ?? QUADRATURES.gausslegendre, steps);
  const batch = x.shape[0];
  const perChunk = Math.max(1, Math.floor((options.internalBatchSize ?? defaultInternalRows(x)) / batch));
  const baseline = makeBaseline(x, options.baseline);
  const diff = tf.sub(x, baseline);
  let total = tf.zerosLike(x);
  try {
    for (let start = 0; start < steps; start += perChunk) {
      const chunk = alphas.slice(start, start + perChunk).map((a, k) => ({ a, w: weights[start + k] }));
      const points = tf.tidy(() => tf.concat(chunk.map(({ a }) => tf.add(baseline, tf.mul(diff, a))), 0));
      const { scores, grad } = m.gradient(points, target);
      const next = tf.tidy(() => {
        const g = tf.reshape(grad, [chunk.length, ...x.shape]);
        const w = tf.reshape(tf.tensor1d(chunk.map(c => c.w)), [chunk.length, ...x.shape.map(() => 1)]);
        return tf.add(total, tf.sum(tf.mul(g, w), 0));
      });
      tf.dispose([points, scores, grad, total]);
      total = next;
      await checkpoint(options, Math.min(start + perChunk, steps), steps);
    }
    const attributions = tf.mul(diff, total);
    const { delta, scores } = completeness(m, x, baseline, attributions, target);
    return { attributions, delta, scores };
  } finally {
    tf.dispose([baseline, diff, total]);
  }
}

/** Σ attributions − (f(x) − f(x')) per example, and f(x). */
export function completeness(m: ExplainedModel, x: tf.Tensor, baseline: tf.Tensor, attributions: tf.Tensor, target: TargetSpec): { delta: tf.Tensor1D; scores: tf.Tensor1D } {
  const fx = m.scores(x, target);
  const fb = m.scores(baseline, target);
  const delta = tf.tidy(() => {
    const axes = Array.from({ length: attributions.rank - 1 }, (_, i) => i + 1);
    return tf.sub(tf.sum(attributions, axes), tf.sub(fx, fb)) as tf.Tensor1D;
  });
  fb.dispose();
  return { delta, scores: fx };
}
