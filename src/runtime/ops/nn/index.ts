/**
 * Layers and activations (docs/ir.md §3 "Layers", "Activations"), on PyTorch's NC… layout.
 * Recurrent layers and attention live in ../recurrent.
 */
import type { Lowering } from '../types';
import { adaptiveAvgPool1d } from './adaptive_avg_pool1d';
import { adaptiveAvgPool2d } from './adaptive_avg_pool2d';
import { adaptiveMaxPool2d } from './adaptive_max_pool2d';
import { avgPool1d } from './avg_pool1d';
import { avgPool2d } from './avg_pool2d';
import { batchNorm } from './batch_norm';
import { clamp } from './clamp';
import { conv1d } from './conv1d';
import { conv2d } from './conv2d';
import { convTranspose2d } from './conv_transpose2d';
import { elu } from './elu';
import { embedding } from './embedding';
import { gelu } from './gelu';
import { groupNorm } from './group_norm';
import { hardsigmoid } from './hardsigmoid';
import { hardswish } from './hardswish';
import { hardtanh } from './hardtanh';
import { layerNorm } from './layer_norm';
import { leakyRelu } from './leaky_relu';
import { linear } from './linear';
import { logSoftmax } from './log_softmax';
import { maxPool1d } from './max_pool1d';
import { maxPool2d } from './max_pool2d';
import { relu } from './relu';
import { relu6 } from './relu6';
import { sigmoid } from './sigmoid';
import { silu } from './silu';
import { softmax } from './softmax';
import { softplus } from './softplus';
import { tanh } from './tanh';
import { upsampleBilinear2d } from './upsample_bilinear2d';
import { upsampleNearest2d } from './upsample_nearest2d';

export const NN_OPS: Record<string, Lowering> = {
  linear,
  conv1d,
  conv2d,
  conv_transpose2d: convTranspose2d,
  batch_norm: batchNorm,
  layer_norm: layerNorm,
  group_norm: groupNorm,
  embedding,
  max_pool1d: maxPool1d,
  max_pool2d: maxPool2d,
  avg_pool1d: avgPool1d,
  avg_pool2d: avgPool2d,
  adaptive_avg_pool1d: adaptiveAvgPool1d,
  adaptive_avg_pool2d: adaptiveAvgPool2d,
  adaptive_max_pool2d: adaptiveMaxPool2d,
  upsample_nearest2d: upsampleNearest2d,
  upsample_bilinear2d: upsampleBilinear2d,
  relu,
  relu6,
  sigmoid,
  tanh,
  silu,
  hardsigmoid,
  hardswish,
  softplus,
  leaky_relu: leakyRelu,
  elu,
  gelu,
  hardtanh,
  clamp,
  softmax,
  log_softmax: logSoftmax
};
