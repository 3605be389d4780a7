/**
 * attribution — Captum's method family on a compiled graph, in the browser.
 *
 * 1. `new ExplainedModel(graph, inputs, {at})` fixes where attributions live (an input, or a
 *    layer such as an embedding) and what stays constant (the other inputs).
 * 2. A `TargetSpec` says which scalar per example is explained (a class, an output index, any
 *    element or channel of any tap).
 * 3. A method (one per file) turns (model, x, target, options) into an `Attribution`: maps
 *    shaped like x, plus a completeness delta where the method has one. Gradient methods use the
 *    graph's autodiff; modified-gradient methods (guided backprop, deconvnet, DeepLIFT, LRP) use
 *    its custom reverse pass with their own rules; occlusion only runs forwards.
 * 4. `runMethod` dispatches by name with Captum's parameter names, optionally through a noise tunnel.
 *
 * Long methods work in chunks, report progress and stop when their signal says so.
 */
export { ExplainedModel } from './model';
export type { ExplainedModelOptions, Gradient } from './model';
export { REDUCTIONS, classTarget, isReduction, selectScores, targetMask } from './target';
export type { Reduction, TargetSpec } from './target';
export type { Attribution } from './types';
export { disposeAttribution } from './types';
export { AttributionError, CancelledError } from './errors';
export type { CancelSignal, Progress } from './progress';
export { BASELINES, DEFAULT_BLUR_SIGMA, gaussianBlur, makeBaseline } from './baselines';
export type { Baseline, BaselineKind } from './baselines';
export { QUADRATURES, gaussLegendre, isQuadrature, quadrature } from './quadrature';
export type { Quadrature } from './quadrature';
export { saliency } from './saliency';
export { inputXGradient } from './input-x-gradient';
export { DEFAULT_IG_STEPS, DEFAULT_INTERNAL_ELEMENTS, completeness, defaultInternalRows, integratedGradients } from './integrated-gradients';
export { DEFAULT_NT_SAMPLES, DEFAULT_NT_STDEV, NOISE_TUNNELS, isNoiseTunnelType, noiseTunnel } from './noise-tunnel';
export type { NoiseTunnelType } from './noise-tunnel';
export { gradCam } from './grad-cam';
export { guidedGradCam } from './guided-grad-cam';
export { deconvolution, guidedBackprop } from './guided-backprop';
export { DEFAULT_PERTURBATIONS_PER_EVAL, occlusion } from './occlusion';
export { DEFAULT_LRP_EPSILON, DEFAULT_LRP_GAMMA, lrp, normalizeLrpRule } from './lrp';
export type { LrpRule, LrpRuleSpec } from './lrp';
export { DEEPLIFT_EPS, deepLift } from './deeplift';
export { UPSAMPLE_MODES, isUpsampleMode, upsampleMap } from './upsample';
export type { UpsampleMode } from './upsample';
export { LAYER_METHODS, METHODS, isMethodName, runMethod } from './run';
export type { MethodName, MethodSpec, NoiseTunnelSpec, RunContext } from './run';
export { predictions } from './predictions';
export type { Prediction, Predictions } from './predictions';
export { pearson, ranks, spearman } from './similarity';
export { suggestionPoints } from './suggestion';
export type { SuggestionPoint } from './suggestion';
export { randomizationLayers, reinitialize } from './randomization';
export type { RandomizationLayer } from './randomization';
