/**
 * One entry point for every method, by name and Captum-style parameters (the names users of
 * Captum know: n_steps, baselines, internal_batch_size, sliding_window_shapes, …), optionally
 * through a noise tunnel. The widget and the tests call this; the per-method files stay pure.
 */
import type * as tf from '@tensorflow/tfjs';

import { BASELINES, DEFAULT_BLUR_SIGMA, isBaselineKind, type Baseline } from './baselines';
import { deepLift } from './deeplift';
import { AttributionError } from './errors';
import { gradCam } from './grad-cam';
import { guidedGradCam } from './guided-grad-cam';
import { deconvolution, guidedBackprop } from './guided-backprop';
import { inputXGradient } from './input-x-gradient';
import { integratedGradients } from './integrated-gradients';
import { lrp, type LrpRuleSpec } from './lrp';
import * as msg from './messages';
import type { ExplainedModel } from './model';
import { isNoiseTunnelType, noiseTunnel, type NoiseTunnelType } from './noise-tunnel';
import { occlusion } from './occlusion';
import type { Progress } from './progress';
import { isQuadrature } from './quadrature';
import { saliency } from './saliency';
import type { TargetSpec } from './target';
import type { Attribution } from './types';
import { isUpsampleMode, UPSAMPLE_MODES, type UpsampleMode } from './upsample';

export const METHODS = {
  saliency: 'saliency',
  input_x_gradient: 'input_x_gradient',
  integrated_gradients: 'integrated_gradients',
  deeplift: 'deeplift',
  lrp: 'lrp',
  grad_cam: 'grad_cam',
  guided_grad_cam: 'guided_grad_cam',
  guided_backprop: 'guided_backprop',
  deconvolution: 'deconvolution',
  occlusion: 'occlusion'
} as const;
export type MethodName = (typeof METHODS)[keyof typeof METHODS];
export function isMethodName(x: unknown): x is MethodName {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(METHODS, x);
}

/** Methods whose result lives at a layer's resolution (before upsampling). */
export const LAYER_METHODS: ReadonlySet<MethodName> = new Set([METHODS.grad_cam, METHODS.guided_grad_cam]);

export interface NoiseTunnelSpec {
  type: NoiseTunnelType;
  samples?: number;
  stdev?: number;
  seed?: number;
}

export interface MethodSpec {
  method: MethodName;
  /** Captum-style parameters (see each method's file). */
  params?: Record<string, unknown>;
  noise_tunnel?: NoiseTunnelSpec | null;
}

export interface RunContext extends Progress {
  /** Tensors the parameters refer to by name (a user baseline "baselines": {"tensor": name}, given noise). */
  tensors?: ReadonlyMap<string, tf.Tensor>;
}

/**
 * Runs one method spec on x.
 *
 * @example
 * await runMethod(m, m.x, classTarget(3), { method: 'integrated_gradients', params: { n_steps: 32, baselines: 'blur' } });
 * await runMethod(m, m.x, classTarget(3), { method: 'saliency', noise_tunnel: { type: 'smoothgrad', samples: 16, stdev: 0.2 } });
 */
export async function runMethod(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, spec: MethodSpec, ctx: RunContext = {}): Promise<Attribution> {
  if (!isMethodName(spec.method)) throw new AttributionError(msg.unknownMethod(String(spec.method), Object.keys(METHODS)));
  const p = spec.params ?? {};
  const nt = spec.noise_tunnel;
  if (nt) {
    if (!isNoiseTunnelType(nt.type)) throw new AttributionError(msg.badOption('noise_tunnel type', nt.type, '"smoothgrad", "smoothgrad_sq" or "vargrad"'));
    const noise = ctx.tensors?.get('noise');
    // A tensor parameter (a user baseline) is shaped like the batch: one noisy copy per call then.
    const holdsTensors = Object.values(p).some(isTensorRef);
    return noiseTunnel(xn => runOne(m, xn, target, spec.method, p, { tensors: ctx.tensors }), x, {
      type: nt.type,
      samples: nt.samples,
      stdev: nt.stdev,
      seed: nt.seed,
      noise,
      samplesPerPass: holdsTensors ? 1 : undefined,
      onProgress: ctx.onProgress,
      signal: ctx.signal
    });
  }
  return runOne(m, x, target, spec.method, p, ctx);
}

async function runOne(m: ExplainedModel, x: tf.Tensor, target: TargetSpec, method: MethodName, p: Record<string, unknown>, ctx: RunContext): Promise<Attribution> {
  switch (method) {
    case METHODS.saliency:
      return saliency(m, x, target, { abs: bool(p, 'abs', true) });
    case METHODS.input_x_gradient:
      return inputXGradient(m, x, target);
    case METHODS.integrated_gradients: {
      const method = p.method ?? 'gausslegendre';
      if (!isQuadrature(method)) throw new AttributionError(msg.badOption('method', method, '"gausslegendre", "riemann_left", "riemann_right", "riemann_middle" or "riemann_trapezoid"'));
      return integratedGradients(m, x, target, {
        baseline: baseline(p, ctx),
        steps: int(p, 'n_steps', 50),
        method,
        internalBatchSize: p.internal_batch_size == null ? undefined : int(p, 'internal_batch_size', 1),
        onProgress: ctx.onProgress,
        signal: ctx.signal
      });
    }
    case METHODS.deeplift:
      return deepLift(m, x, target, { baseline: baseline(p, ctx), eps: num(p, 'eps', 1e-10) });
    case METHODS.lrp:
      return lrp(m, x, target, {
        rule: (p.rule as LrpRuleSpec | undefined) ?? 'epsilon',
        epsilon: num(p, 'epsilon', 1e-9),
        layerRules: (p.layer_rules as Record<string, LrpRuleSpec> | undefined) ?? {}
      });
    case METHODS.grad_cam: {
      const layer = str(p, 'layer');
      const up = p.interpolate_mode === null ? null : mode(p, UPSAMPLE_MODES.bilinear);
      const size = up === null ? null : upsampleSize(m, x, layer);
      return gradCam(m, x, target, { layer, relu: bool(p, 'relu_attributions', true), upsample: size === null || up === null ? null : { size, mode: up } });
    }
    case METHODS.guided_grad_cam: {
      const layer = str(p, 'layer');
      return guidedGradCam(m, x, target, { layer, mode: mode(p, UPSAMPLE_MODES.nearest) });
    }
    case METHODS.guided_backprop:
      return guidedBackprop(m, x, target);
    case METHODS.deconvolution:
      return deconvolution(m, x, target);
    case METHODS.occlusion: {
      const window = ints(p, 'sliding_window_shapes', defaultWindow(x));
      // Captum's default stride is 1; a window chosen here steps by itself (one placement per patch).
      const strides = p.strides != null ? ints(p, 'strides', []) : p.sliding_window_shapes == null ? window : undefined;
      const b = p.baselines;
      const baselineValue = typeof b === 'number' ? b : isTensorRef(b) ? tensorRef(b, ctx) : 0;
      return occlusion(m, x, target, {
        window,
        strides,
        baseline: baselineValue,
        perturbationsPerEval: p.perturbations_per_eval == null ? undefined : int(p, 'perturbations_per_eval', 1),
        onProgress: ctx.onProgress,
        signal: ctx.signal
      });
    }
  }
}

/** The spatial size a layer map is resized to for display: the input's [H, W], or its token axis for 1-D maps. */
function upsampleSize(m: ExplainedModel, x: tf.Tensor, layer: string): number[] | null {
  const spec = m.graph.ir.nodes.find(n => n.name === m.graph.refOf(layer));
  const rank = Array.isArray(spec?.shape) ? spec!.shape.length : null;
  if (rank === 4 && x.rank === 4) return x.shape.slice(2);
  if (rank === 3 && x.rank === 3) return [x.shape[m.atInput ? 2 : 1] as number];
  return null;
}

/** Default occlusion window: an eighth of each spatial side for images, one token for sequences, one feature for vectors. */
function defaultWindow(x: tf.Tensor): number[] {
  const dims = x.shape.slice(1);
  if (dims.length === 3) return [dims[0], Math.max(1, Math.round(dims[1] / 8)), Math.max(1, Math.round(dims[2] / 8))];
  if (dims.length === 2) return [1, dims[1]];
  return dims.map(() => 1);
}

function baseline(p: Record<string, unknown>, ctx: RunContext): Baseline {
  const b = p.baselines ?? BASELINES.zeros;
  if (isTensorRef(b)) return tensorRef(b, ctx);
  if (b === BASELINES.blur) return { kind: 'blur', sigma: num(p, 'blur_sigma', DEFAULT_BLUR_SIGMA) };
  if (b === BASELINES.uniform) return { kind: 'uniform', seed: int(p, 'seed', 0) };
  if (isBaselineKind(b)) return b;
  throw new AttributionError(msg.badOption('baselines', b, '"zeros", "blur", "uniform" or a tensor'));
}

function isTensorRef(v: unknown): v is { tensor: string } {
  return typeof v === 'object' && v !== null && typeof (v as { tensor?: unknown }).tensor === 'string';
}

function tensorRef(v: { tensor: string }, ctx: RunContext): tf.Tensor {
  const t = ctx.tensors?.get(v.tensor);
  if (t === undefined) throw new AttributionError(msg.badOption('baselines', v, 'a tensor that arrived with the inputs'));
  return t;
}

function mode(p: Record<string, unknown>, fallback: UpsampleMode): UpsampleMode {
  const v = p.interpolate_mode ?? fallback;
  if (!isUpsampleMode(v)) throw new AttributionError(msg.badOption('interpolate_mode', v, '"nearest" or "bilinear"'));
  return v;
}

function bool(p: Record<string, unknown>, key: string, fallback: boolean): boolean {
  const v = p[key] ?? fallback;
  if (typeof v !== 'boolean') throw new AttributionError(msg.badOption(key, v, 'true or false'));
  return v;
}

function num(p: Record<string, unknown>, key: string, fallback: number): number {
  const v = p[key] ?? fallback;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new AttributionError(msg.badOption(key, v, 'a finite number'));
  return v;
}

function int(p: Record<string, unknown>, key: string, fallback: number): number {
  const v = num(p, key, fallback);
  if (!Number.isInteger(v) || v < 1) throw new AttributionError(msg.badOption(key, v, 'a positive integer'));
  return v;
}

function ints(p: Record<string, unknown>, key: string, fallback: number[]): number[] {
  const v = p[key] ?? fallback;
  if (!Array.isArray(v) || v.some(d => !Number.isInteger(d))) throw new AttributionError(msg.badOption(key, v, 'a list of integers'));
  return v as number[];
}

function str(p: Record<string, unknown>, key: string): string {
  const v = p[key];
  if (typeof v !== 'string' || v === '') throw new AttributionError(msg.badOption(key, v, 'a layer name (module path)'));
  return v;
}
