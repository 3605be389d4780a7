/**
 * Every user-facing text of the attribution methods, as functions.
 */

const where = (module: string): string => (module === '' ? '(root)' : module);

export const notFloatInput = (name: string, dtype: string): string =>
  `attributions need a float input or layer; ${name} is ${dtype} (for token ids, attribute to the embedding layer, e.g. at="embedding")`;

export const noBatchSymbol = (name: string): string =>
  `input ${name} was exported with a fixed batch size; methods that batch perturbations need a dynamic batch ` +
  '(export with a batch of 2 or more so torch.export keeps it symbolic)';

export const targetTap = (tap: string, shape: number[]): string =>
  `target tap ${tap} has shape [${shape.join(', ')}]: it needs a batch dimension and at least one more`;

export const targetIndex = (index: number, dim: number, size: number, what: string): string =>
  `target index ${index} is out of range for dimension ${dim + 1} of ${what} (size ${size}; valid: 0…${size - 1})`;

export const targetArity = (given: number, dims: number, what: string): string =>
  `target has ${given} indices but ${what} has only ${dims} non-batch dimension${dims === 1 ? '' : 's'}`;

export const targetCount = (given: number, batch: number): string =>
  `one target per example: got ${given} targets for ${batch} examples (or give one target for all)`;

export const stepsTooFew = (method: string, steps: number, least: number): string =>
  `${method} needs at least ${least} steps; got ${steps}`;

export const unknownQuadrature = (name: string, valid: readonly string[]): string =>
  `unknown integration method "${name}"; valid: ${valid.join(', ')}`;

export const baselineShape = (what: string, got: number[], want: number[]): string =>
  `${what} has shape [${got.join(', ')}]; it must match the input [${want.join(', ')}] (or its shape without the batch dimension)`;

export const blurNeedsImages = (shape: number[]): string =>
  `a blurred baseline needs images [N, C, H, W]; the input has shape [${shape.join(', ')}]`;

export const noiseShape = (got: number[], want: number[]): string =>
  `noise has shape [${got.join(', ')}]; the noise tunnel needs [${want.join(', ')}] (examples × samples, then the input's shape)`;

export const badOption = (name: string, value: unknown, valid: string): string =>
  `${name} must be ${valid}; got ${JSON.stringify(value)}`;

export const notConvLayer = (layer: string, shape: number[]): string =>
  `Grad-CAM needs a convolutional layer whose output is [N, C, …spatial]; ${layer} outputs [${shape.join(', ')}]. ` +
  'Pick a Conv layer or a block of them (e.g. "layer4" or "features.28")';

export const windowShape = (window: number[], shape: number[]): string =>
  `occlusion window [${window.join(', ')}] must have one size per non-batch dimension of the input [${shape.join(', ')}], each between 1 and that dimension`;

export const strideShape = (strides: number[], window: number[]): string =>
  `occlusion strides [${strides.join(', ')}] must be positive, one per window dimension, and not larger than the window [${window.join(', ')}]`;

export const lrpUnsupported = (op: string, module: string, moduleType: string, why: string): string =>
  `LRP has no rule for ${op} at ${where(module)}${moduleType ? ` (${moduleType})` : ''}: ${why}. ` +
  'Use a gradient method (integrated_gradients, saliency) for this model';

export const lrpBadRule = (rule: unknown): string =>
  `unknown LRP rule ${JSON.stringify(rule)}; valid: "epsilon", "gamma", "alpha1beta0", "alpha2beta1" or {"rule": "alphabeta", "alpha": a, "beta": a - 1}`;

export const cancelled = (): string => 'cancelled';

export const randomizationNoLayers = (): string =>
  'the model has no layer with a weight matrix (Linear, Conv, Embedding …) to randomize';

export const unknownMethod = (name: string, valid: readonly string[]): string =>
  `unknown attribution method "${name}"; valid: ${valid.join(', ')}`;

export const noiseTunnelNested = (): string => 'a noise tunnel cannot wrap another noise tunnel';
