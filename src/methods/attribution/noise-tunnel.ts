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
import { DEFAULT_INTERNAL_ELEMENTS } from './integrated-gradients';
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
  /**
   * Noisy copies of the batch per call of the method (stacked along the batch; rows stay
   * independent). Default: as many as 2^18 input elements allow (DEFAULT_INTERNAL_ELEMENTS). 1 when the method holds tensors
   * shaped like the batch (a user baseline).
   */
  samplesPerPass?: number;
}

/** One run of the wrapped method on noisy copies of x (k · batch rows). */
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
  const per = x.shape.slice(1).reduce((a, b) => a * b, 1);
  const group = Math.max(1, Math.min(samples, options.samplesPerPass ?? Math.floor(DEFAULT_INTERNAL_ELEMENTS / Math.max(1, batch * per))));
  let sum: tf.Tensor | null = null;
  let sumSq: tf.Tensor | null = null;
  let deltaSum: tf.Tensor | null = null;
  try {
    for (let start = 0; start < samples; start += group) {
      const k = Math.min(group, samples - start);
      // Sample s of example b sits at row (s − start)·batch + b, copy after copy as the model tiles inputs.
      const noisy = tf.tidy(() =>
        tf.concat(
          Array.from({ length: k }, (_, j) => {
            const s = start + j;
            const eps = options.noise
              ? tf.gather(options.noise, Array.from({ length: batch }, (_, b) => b * samples + s))
              : tf.randomNormal(x.shape, 0, stdev, 'float32', seed + s);
            return tf.add(x, eps);
          }),
          0
        )
      );
      let a: Attribution;
      try {
        a = await method(noisy);
      } finally {
        noisy.dispose();
      }
      const [nextSum, nextSq, nextDelta] = tf.tidy(() => {
        const maps = tf.reshape(a.attributions, [k, batch, ...a.attributions.shape.slice(1)]);
        const partSum = tf.sum(maps, 0);
        const partSq = tf.sum(tf.square(maps), 0);
        const partDelta = a.delta === undefined ? null : tf.sum(tf.reshape(a.delta, [k, batch]), 0);
        return [
          sum === null ? partSum : tf.add(sum, partSum),
          sumSq === null ? partSq : tf.add(sumSq, partSq),
          partDelta === null ? null : deltaSum === null ? partDelta : tf.add(deltaSum, partDelta)
        ];
      });
      tf.dispose([sum, sumSq, deltaSum, a.attributions, a.delta, a.scores].filter(t => t != null) as tf.Tensor[]);
      sum = nextSum;
      sumSq = nextSq;
      deltaSum = nextDelta;
      await checkpoint(options, start + k, samples);
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
