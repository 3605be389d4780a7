/**
 * Baselines x' for path methods (integrated gradients, DeepLIFT) and occlusion: what "absent"
 * means for an input. Each returns a tensor shaped like x, owned by the caller.
 *   zeros   — Captum's default;
 *   blur    — a Gaussian blur of each image (Sturmfels et al. 2020, "Visualizing the impact of
 *             feature attribution baselines"), σ in pixels;
 *   uniform — uniform noise over the input's value range, seeded;
 *   a tensor given by the user, shaped like x or like one example (then shared by all).
 */
import * as tf from '@tensorflow/tfjs';

import { AttributionError } from './errors';
import * as msg from './messages';

export const BASELINES = { zeros: 'zeros', blur: 'blur', uniform: 'uniform' } as const;
export type BaselineKind = (typeof BASELINES)[keyof typeof BASELINES];
export function isBaselineKind(x: unknown): x is BaselineKind {
  return x === BASELINES.zeros || x === BASELINES.blur || x === BASELINES.uniform;
}

export type Baseline = BaselineKind | tf.Tensor | { kind: 'blur'; sigma: number } | { kind: 'uniform'; seed: number };

/** Default blur σ in pixels: the paper's figures use a strong blur; about a tenth of a 224-pixel image. */
export const DEFAULT_BLUR_SIGMA = 10;
/** A Gaussian kernel reaches ±3σ (99.7 % of its mass). */
const KERNEL_SIGMAS = 3;

/**
 * The baseline for x.
 *
 * @example
 * const b = makeBaseline(images, { kind: 'blur', sigma: 5 });
 */
export function makeBaseline(x: tf.Tensor, baseline: Baseline = BASELINES.zeros): tf.Tensor {
  if (baseline instanceof tf.Tensor) return userBaseline(x, baseline, 'baseline');
  const kind = typeof baseline === 'string' ? baseline : baseline.kind;
  if (kind === BASELINES.zeros) return tf.zerosLike(x);
  if (kind === BASELINES.blur) {
    const sigma = typeof baseline === 'object' && 'sigma' in baseline ? baseline.sigma : DEFAULT_BLUR_SIGMA;
    return gaussianBlur(x, sigma);
  }
  if (kind === BASELINES.uniform) {
    const seed = typeof baseline === 'object' && 'seed' in baseline ? baseline.seed : 0;
    // lo + (hi − lo)·U(0, 1), with lo and hi on the device: no synchronous read-back (WebGPU has none).
    return tf.tidy(() => {
      const lo = tf.min(x);
      return tf.add(lo, tf.mul(tf.sub(tf.max(x), lo), tf.randomUniform(x.shape, 0, 1, 'float32', seed)));
    });
  }
  throw new AttributionError(msg.badOption('baseline', baseline, '"zeros", "blur", "uniform" or a tensor'));
}

/** A user tensor as a baseline for x: x's shape, or one example's (broadcast over the batch). */
export function userBaseline(x: tf.Tensor, b: tf.Tensor, what: string): tf.Tensor {
  if (b.rank === x.rank && b.shape.every((d, i) => d === x.shape[i])) return b.clone();
  if (b.rank === x.rank - 1 && b.shape.every((d, i) => d === x.shape[i + 1])) return tf.tidy(() => tf.broadcastTo(tf.expandDims(b, 0), x.shape));
  if (b.rank === x.rank && b.shape[0] === 1 && b.shape.slice(1).every((d, i) => d === x.shape[i + 1])) return tf.tidy(() => tf.broadcastTo(b, x.shape));
  throw new AttributionError(msg.baselineShape(what, b.shape, x.shape));
}

/** Gaussian blur of [N, C, H, W] images, σ in pixels, edges reflected. */
export function gaussianBlur(x: tf.Tensor, sigma: number): tf.Tensor {
  if (x.rank !== 4) throw new AttributionError(msg.blurNeedsImages(x.shape));
  if (!(sigma > 0)) return x.clone();
  const [n, c, h, w] = x.shape;
  return tf.tidy(() => {
    // [N·C, H, W, 1]: one grey image per channel, so one 1-channel kernel blurs all.
    let y = tf.reshape(x, [n * c, h, w, 1]) as tf.Tensor4D;
    y = blurAxis(y, sigma, 1);
    y = blurAxis(y, sigma, 2);
    return tf.reshape(y, [n, c, h, w]);
  });
}

function blurAxis(y: tf.Tensor4D, sigma: number, axis: 1 | 2): tf.Tensor4D {
  const size = y.shape[axis];
  const radius = Math.min(Math.ceil(KERNEL_SIGMAS * sigma), size - 1);
  if (radius < 1) return y;
  const taps = Array.from({ length: 2 * radius + 1 }, (_, i) => Math.exp(-((i - radius) ** 2) / (2 * sigma * sigma)));
  const total = taps.reduce((a, b) => a + b, 0);
  const kernel = tf.tensor4d(taps.map(v => v / total), axis === 1 ? [2 * radius + 1, 1, 1, 1] : [1, 2 * radius + 1, 1, 1]);
  const pad: [number, number][] = [[0, 0], [0, 0], [0, 0], [0, 0]];
  pad[axis] = [radius, radius];
  return tf.conv2d(tf.mirrorPad(y, pad, 'reflect') as tf.Tensor4D, kernel, 1, 'valid');
}
