/**
 * Points α ∈ [0, 1] and weights of the path integral ∫₀¹ ∂f(x' + α(x − x'))/∂x dα, with Captum's
 * conventions (captum/attr/_utils/approximation_methods.py) so results agree with it:
 *   riemann_left / right / middle: n points at (k / n, (k+1) / n, (k + ½) / n), weights 1/n;
 *   riemann_trapezoid: n points linspace(0, 1, n), weights 1/n with the two ends halved (as Captum);
 *   gausslegendre (Captum's default): Gauss–Legendre nodes mapped from [−1, 1], weights halved.
 */
import { AttributionError } from './errors';
import * as msg from './messages';

export const QUADRATURES = {
  gausslegendre: 'gausslegendre',
  riemann_left: 'riemann_left',
  riemann_right: 'riemann_right',
  riemann_middle: 'riemann_middle',
  riemann_trapezoid: 'riemann_trapezoid'
} as const;
export type Quadrature = (typeof QUADRATURES)[keyof typeof QUADRATURES];
export function isQuadrature(x: unknown): x is Quadrature {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(QUADRATURES, x);
}

/**
 * α points and step weights for `n` steps.
 *
 * @example
 * quadrature('riemann_right', 4); // { alphas: [0.25, 0.5, 0.75, 1], weights: [0.25, 0.25, 0.25, 0.25] }
 */
export function quadrature(method: string, n: number): { alphas: number[]; weights: number[] } {
  if (!isQuadrature(method)) throw new AttributionError(msg.unknownQuadrature(method, Object.keys(QUADRATURES)));
  const least = method === QUADRATURES.gausslegendre ? 1 : 2;
  if (!Number.isInteger(n) || n < least) throw new AttributionError(msg.stepsTooFew('integrated gradients', n, least));
  if (method === QUADRATURES.gausslegendre) {
    const { nodes, weights } = gaussLegendre(n);
    return { alphas: nodes.map(t => 0.5 * (1 + t)), weights: weights.map(w => 0.5 * w) };
  }
  const weights = Array.from({ length: n }, () => 1 / n);
  const linspace = (a: number, b: number) => Array.from({ length: n }, (_, k) => a + ((b - a) * k) / (n - 1));
  switch (method) {
    case QUADRATURES.riemann_trapezoid:
      weights[0] /= 2;
      weights[n - 1] /= 2;
      return { alphas: linspace(0, 1), weights };
    case QUADRATURES.riemann_left:
      return { alphas: linspace(0, 1 - 1 / n), weights };
    case QUADRATURES.riemann_middle:
      return { alphas: linspace(1 / (2 * n), 1 - 1 / (2 * n)), weights };
    default:
      return { alphas: linspace(1 / n, 1), weights };
  }
}

/**
 * Gauss–Legendre nodes (ascending) and weights on [−1, 1]: Newton's method on the Legendre
 * polynomial P_n from Chebyshev-like starting points, in float64 (as numpy's leggauss).
 */
export function gaussLegendre(n: number): { nodes: number[]; weights: number[] } {
  const nodes = new Array<number>(n);
  const weights = new Array<number>(n);
  for (let i = 0; i < Math.ceil(n / 2); i++) {
    let x = Math.cos((Math.PI * (i + 0.75)) / (n + 0.5));
    let dp = 0;
    for (let iter = 0; iter < 100; iter++) {
      const [p, d] = legendre(n, x);
      dp = d;
      const dx = p / d;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    dp = legendre(n, x)[1];
    const w = 2 / ((1 - x * x) * dp * dp);
    nodes[n - 1 - i] = x;
    nodes[i] = -x;
    weights[i] = w;
    weights[n - 1 - i] = w;
  }
  return { nodes, weights };
}

/** P_n(x) and P_n'(x) by the three-term recurrence. */
function legendre(n: number, x: number): [number, number] {
  let p0 = 1;
  let p1 = x;
  if (n === 0) return [1, 0];
  for (let k = 2; k <= n; k++) {
    const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
    p0 = p1;
    p1 = p2;
  }
  return [p1, (n * (x * p1 - p0)) / (x * x - 1)];
}
