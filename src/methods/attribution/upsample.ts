/**
 * Layer maps to input resolution, exactly as PyTorch's F.interpolate (Captum's
 * LayerAttribution.interpolate): the bridge's own upsample lowerings, so the browser and the
 * kernel agree pixel for pixel.
 */
import * as tf from '@tensorflow/tfjs';

import { OPS } from '../../runtime/ops';
import { AttributionError } from './errors';
import * as msg from './messages';

export const UPSAMPLE_MODES = { nearest: 'nearest', bilinear: 'bilinear' } as const;
export type UpsampleMode = (typeof UPSAMPLE_MODES)[keyof typeof UPSAMPLE_MODES];
export function isUpsampleMode(x: unknown): x is UpsampleMode {
  return x === UPSAMPLE_MODES.nearest || x === UPSAMPLE_MODES.bilinear;
}

/**
 * Resizes [B, C, l] or [B, C, h, w] to `size` ([L] or [H, W]); bilinear is linear in 1-D.
 *
 * @example
 * const cam224 = upsampleMap(cam7, [224, 224], 'bilinear');
 */
export function upsampleMap(map: tf.Tensor, size: number[], mode: UpsampleMode): tf.Tensor {
  if (!isUpsampleMode(mode)) throw new AttributionError(msg.badOption('upsample mode', mode, '"nearest" or "bilinear"'));
  if (map.rank !== size.length + 2 || (size.length !== 1 && size.length !== 2)) {
    throw new AttributionError(msg.badOption('upsample size', size, `${map.rank - 2} sizes for a map of shape [${map.shape.join(', ')}]`));
  }
  return tf.tidy(() => {
    const four = size.length === 1 ? tf.expandDims(map, 2) : map;
    const target = size.length === 1 ? [1, size[0]] : size;
    const op = mode === UPSAMPLE_MODES.nearest ? OPS.upsample_nearest2d : OPS.upsample_bilinear2d;
    const up = op([four], { size: target, align_corners: false }, { name: 'upsample', op: 'upsample', module: '' }) as tf.Tensor;
    return size.length === 1 ? tf.squeeze(up, [2]) : up;
  });
}
