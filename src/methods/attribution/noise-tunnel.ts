/**
 * A noise tunnel over any method (Captum's NoiseTunnel): the method runs on x + ε_s for
 * `samples` draws ε_s ~ N(0, stdev²), and the maps are combined:
 *   smoothgrad    — mean (Smilkov et al. 2017);
 *   smoothgrad_sq — mean of squares;
 *   vargrad       — variance: mean of squares − square of mean (Adebayo et al. 2018).
 * Noise is drawn in the browser (seeded), or given — e.g. drawn in the kernel — as
 * [batch · samples, …] in Captum's order (each example's samples consecutive).
 */
import * as tf from '@tensorflow/tfjs';

import { AttributionError } from './errors';
import * as msg from './messages';
import { checkpoint, type Progress } from './progress';
import type { Attribution } from './types';

export const NOISE_TUNNELS = { smoothgrad: 'smoothgrad', smoothgrad_sq: 'smoothgrad_sq', vargrad: 'vargrad' } as const;
export type NoiseTunnelType = (typeof NOISE_TUNNELS)[keyof typeof NOISE_TUNNELS];
export function isNoiseTunnelType(x: unknown): x is NoiseTunnelType {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(NOISE_TUNNELS, x);
}

/** Captum's defaults: 5 samples, σ = 1 (in the input's units). */
export const DEFAULT_NT_SAMPLES = 5;
export const DEFAULT_NT_STDEV = 1;

export interface NoiseTunnelOptions extends Progress {
  type?: NoiseTunnelType;
  samples?: number;
  stdev?: number;
  /** Given noise, [batch · samples, …x's shape without batch]; overrides samples/stdev/seed. */
  noise?: tf.Tensor;
  seed?: number;
}

/** One run of the wrapped method on a noisy x. */
export type NoisyMethod = (x: tf.Tensor) => Promise<Attribution> | Attribution;

/**
 * @example
 * const sg = await noiseTunnel(x => saliency(m, x, target), m.x, { type: 'smoothgrad', samples: 16, stdev: 0.15 });
 */
export async function noiseTunnel(method: NoisyMethod, x: tf.Tensor, options: NoiseTunnelOptions = {}): Promise<Attribution> {
  const type = options.type ?? NOISE_TUNNELS.smoothgrad;
  if (!isNoiseTunnelType(type)) throw new AttributionError(msg.badOption('noise tunnel type', type, Object.keys(NOISE_TUNNELS).join(', ')));
  const batch = x.shape[0];
  const samples = options.noise ? options.noise.shape[0] / batch : options.samples ?? DEFAULT_NT_SAMPLES;
  if (options.noise && (!Number.isInteger(samples) || options.noise.shape.slice(1).some((d, i) => d !== x.shape[i + 1]))) {
    throw new AttributionError(msg.noiseShape(options.noise.shape, [batch * Math.max(1, Math.round(samples)), ...x.shape.slice(1)]));
  }
  if (!Number.isInteger(samples) || samples < 1) throw new AttributionError(msg.badOption('samples', samples, 'a positive integer'));
  const stdev = options.stdev ?? DEFAULT_NT_STDEV;
  const seed = options.seed ?? 0;
  let sum: tf.Tensor | null = null;
  let sumSq: tf.Tensor | null = null;
  let deltaSum: tf.Tensor | null = null;
  try {
    for (let s = 0; s < samples; s++) {
      const noisy = tf.tidy(() => {
        const eps = options.noise
          ? tf.gather(options.noise, Array.from({ length: batch }, (_, b) => b * samples + s))
          : tf.randomNormal(x.shape, 0, stdev, 'float32', seed + s);
        return tf.add(x, eps);
      });
      let a: Attribution;
      try {
        a = await method(noisy);
      } finally {
        noisy.dispose();
      }
      const [nextSum, nextSq, nextDelta] = tf.tidy(() => [
        sum === null ? a.attributions.clone() : tf.add(sum, a.attributions),
        sumSq === null ? tf.square(a.attributions) : tf.add(sumSq, tf.square(a.attributions)),
        a.delta === undefined ? null : deltaSum === null ? a.delta.clone() : tf.add(deltaSum, a.delta)
      ]);
      tf.dispose([sum, sumSq, deltaSum, a.attributions, a.delta, a.scores].filter(t => t != null) as tf.Tensor[]);
      sum = nextSum;
      sumSq = nextSq;
      deltaSum = nextDelta;
      await checkpoint(options, s + 1, samples);
    }
    const attributions = tf.tidy(() => {
      const mean = tf.div(sum!, samples);
      const meanSq = tf.div(sumSq!, samples);
      if (type === NOISE_TUNNELS.smoothgrad) return mean;
      if (type === NOISE_TUNNELS.smoothgrad_sq) return meanSq;
      return tf.sub(meanSq, tf.square(mean));
    });
    const delta = deltaSum === null ? undefined : (tf.div(deltaSum, samples) as tf.Tensor1D);
    return { attributions, delta };
  } finally {
    tf.dispose([sum, sumSq, deltaSum].filter(t => t !== null) as tf.Tensor[]);
  }
}
