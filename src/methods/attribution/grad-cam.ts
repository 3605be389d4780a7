/**
 * Grad-CAM (Selvaraju et al. 2017, eq. 1–2): channel weights α_c = mean over positions of
 * ∂f/∂A_c for a layer's activation A; map = Σ_c α_c A_c, through a ReLU (the paper; Captum's
 * LayerGradCam leaves it off unless relu_attributions=True), optionally upsampled to the input.
 */
import * as tf from '@tensorflow/tfjs';

import { AttributionError } from './errors';
import * as msg from './messages';
import type { ExplainedModel } from './model';
import type { TargetSpec } from './target';
import type { Attribution } from './types';
import { upsampleMap, type UpsampleMode } from './upsample';

export interface GradCamOptions {
  /** The layer (module path or node) whose output is [B, C, …spatial]. */
  layer: string;
  /** ReLU on the map (default true, as the paper). */
  relu?: boolean;
  /** Resize the map to `size` (e.g. the image's [H, W]); default: the layer's resolution. */
  upsample?: { size: number[]; mode: UpsampleMode } | null;
}

/**
 * @example
 * const cam = gradCam(m, m.x, classTarget(207), { layer: 'layer4', upsample: { size: [224, 224], mode: 'bilinear' } });
 */
export function gradCam(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, options: GradCamOptions): Attribution {
  const { act, grad, scores } = m.layerGradient(x, options.layer, target);
  try {
    if (act.rank < 3) throw new AttributionError(msg.notConvLayer(options.layer, act.shape));
    const map = tf.tidy(() => {
      const spatial = Array.from({ length: act.rank - 2 }, (_, i) => i + 2);
      const alpha = tf.mean(grad, spatial, true);
      const cam = tf.sum(tf.mul(alpha, act), 1, true);
      return options.relu === false ? cam : tf.relu(cam);
    });
    if (!options.upsample) return { attributions: map, scores };
    const up = upsampleMap(map, options.upsample.size, options.upsample.mode);
    map.dispose();
    return { attributions: up, scores };
  } catch (e) {
    scores.dispose();
    throw e;
  } finally {
    tf.dispose([act, grad]);
  }
}
