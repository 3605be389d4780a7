/**
 * The model-randomization check (Adebayo et al. 2018): the map after each cascading
 * re-initialization step, left to right, and Spearman's ρ to the original map (signed and of
 * absolute values) per step. A faithful method's ρ drops towards 0.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

export interface RandomizationStep {
  /** "original" or the module re-initialized last. */
  layer: string;
  heat: string;
  image: string | null;
  spearman: number;
  spearmanAbs: number;
}

/**
 * @example
 * randomizationSpec({ title: 'Integrated Gradients · #0', steps, width: 32, height: 32, config: {} });
 */
export function randomizationSpec(o: { title: string; steps: RandomizationStep[]; width: number; height: number; config: Config }): TopLevelSpec {
  const s = Math.min(1, 96 / Math.max(o.width, o.height, 1)) * Math.max(1, 64 / Math.max(o.width, o.height, 1));
  const w = Math.round(o.width * s);
  const h = Math.round(o.height * s);
  const unit = { type: 'quantitative', scale: { domain: [0, 1], nice: false, zero: false }, axis: null };
  const place = { x: { field: 'x', ...unit }, x2: { field: 'x2' }, y: { field: 'y', ...unit, scale: { domain: [0, 1], reverse: true, nice: false, zero: false } }, y2: { field: 'y2' }, url: { field: 'url', type: 'nominal' } };
  const at = (url: string) => ({ values: [{ url, x: 0, x2: 1, y: 0, y2: 1 }] });
  const cells = o.steps.map(step => ({
    width: w,
    height: h,
    title: { text: step.layer, fontSize: 10, orient: 'bottom', limit: w + 20 },
    layer: [
      ...(step.image ? [{ data: at(step.image), mark: { type: 'image', aspect: false, smooth: false }, encoding: place }] : []),
      { data: at(step.heat), mark: { type: 'image', aspect: false, smooth: false, opacity: step.image ? 0.75 : 1 }, encoding: place }
    ]
  }));
  const curve = o.steps.flatMap((step, i) => [
    { step: i, layer: step.layer, kind: 'rank correlation', rho: step.spearman },
    { step: i, layer: step.layer, kind: 'rank correlation of |map|', rho: step.spearmanAbs }
  ]);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Model-randomization check', subtitle: o.title, anchor: 'start' },
    vconcat: [
      { hconcat: cells, spacing: 4 },
      {
        width: Math.max(240, o.steps.length * (w + 4)),
        height: 120,
        data: { values: curve },
        mark: { type: 'line', point: true, tooltip: true },
        encoding: {
          x: { field: 'layer', type: 'ordinal', sort: { field: 'step' }, title: 'layers re-initialized (cascading, from the output)', axis: { labelAngle: -30 } },
          y: { field: 'rho', type: 'quantitative', title: "Spearman's ρ to the original", scale: { domain: [-1, 1] } },
          color: { field: 'kind', type: 'nominal', title: null }
        }
      }
    ],
    config: o.config
  } as unknown as TopLevelSpec;
}
