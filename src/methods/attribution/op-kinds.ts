/**
 * How modified-gradient methods see each IR op (docs/ir.md §3).
 */

/** Elementwise activations: DeepLIFT's rescale rule applies; LRP passes relevance through unchanged. */
export const ACTIVATIONS: ReadonlySet<string> = new Set([
  'relu', 'relu6', 'leaky_relu', 'elu', 'gelu', 'silu', 'sigmoid', 'tanh', 'softplus',
  'hardtanh', 'clamp', 'hardsigmoid', 'hardswish'
]);

/** Ops LRP passes relevance through unchanged: activations, other unary nonlinearities, softmax and no-ops. */
export const LRP_PASS: ReadonlySet<string> = new Set([
  ...ACTIVATIONS, 'softmax', 'log_softmax', 'identity', 'detach', 'cast',
  'abs', 'exp', 'log', 'sqrt', 'rsqrt', 'reciprocal', 'sin', 'cos', 'erf'
]);

/** Layers with weights: the LRP rule (ε, γ, αβ) is chosen per layer; [1] is the weight, [2] the bias. */
export const LRP_WEIGHTED: ReadonlySet<string> = new Set(['linear', 'conv1d', 'conv2d', 'conv_transpose2d']);

/** Layers a following eval-mode BatchNorm folds into (weight [out, in, …]: the output channel is axis 0). */
export const BN_FOLDABLE: ReadonlySet<string> = new Set(['linear', 'conv1d', 'conv2d']);

/** Ops that no LRP rule here covers, with the reason shown to the user. */
export const LRP_UNSUPPORTED: Readonly<Record<string, string>> = {
  layer_norm: 'normalizing by the activations\' own statistics is not a linear map',
  group_norm: 'normalizing by the activations\' own statistics is not a linear map',
  var: 'a variance is not a linear map',
  lstm: 'recurrent gates multiply activations',
  gru: 'recurrent gates multiply activations',
  scaled_dot_product_attention: 'attention multiplies activations (queries, keys and values)'
};

/** Ops that are linear in one operand only: with two operands from the input they multiply activations. */
export const BILINEAR: ReadonlySet<string> = new Set(['mul', 'div', 'matmul', 'addmm', 'einsum', 'pow', 'maximum', 'minimum', 'masked_fill', 'where']);
