/**
 * Guided Grad-CAM (Selvaraju et al. 2017, §3.1): guided backpropagation ⊙ the Grad-CAM map
 * (with its ReLU) upsampled to the input — Captum's GuidedGradCam (nearest by default).
 */
import * as tf from '@tensorflow/tfjs';

import { gradCam } from './grad-cam';
import { guidedBackprop } from './guided-backprop';
import type { ExplainedModel } from './model';
import type { TargetSpec } from './target';
import type { Attribution } from './types';
import { UPSAMPLE_MODES, type UpsampleMode } from './upsample';

export interface GuidedGradCamOptions {
  layer: string;
  /** How the map reaches the input's resolution (Captum's interpolate_mode; default nearest). */
  mode?: UpsampleMode;
  /** Spatial size of x to upsample to; default: x's dimensions after [B, C]. */
  size?: number[];
}

/**
 * @example
 * const { attributions } = guidedGradCam(m, m.x, classTarget(207), { layer: 'layer4' });
 */
export function guidedGradCam(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: GuidedGradCamOptions): Attribution {
  const size = options.size ?? x.shape.slice(2);
  const cam = gradCam(m, x, target, { layer: options.layer, relu: true, upsample: { size, mode: options.mode ?? UPSAMPLE_MODES.nearest } });
  const guided = guidedBackprop(m, x, target);
  const attributions = tf.mul(guided.attributions, cam.attributions);
  tf.dispose([cam.attributions, guided.attributions]);
  return { attributions, scores: cam.scores };
}
