/**
 * The 1-D landscape view: loss along α per model (one colour each), accuracy dashed on its own
 * axis, named points (e.g. the two models an interpolation joins) as labelled rules.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { Config } from 'vega-lite/build/src/config';

export interface LineSeries {
  model: string;
  xs: ArrayLike<number>;
  loss: ArrayLike<number>;
  accuracy?: ArrayLike<number> | null;
}

export interface LandscapeLineOptions {
  title: string;
  series: LineSeries[];
  anchors?: { name: string; x: number }[];
  log: boolean;
  width: number;
  height: number;
  config: Config;
  axisTitle?: string;
}

export function landscapeLineSpec(o: LandscapeLineOptions): TopLevelSpec {
  const rows: { model: string; alpha: number; loss: number | null; accuracy: number | null }[] = [];
  for (const s of o.series) {
    for (let i = 0; i < s.xs.length; i++) {
      const l = s.loss[i];
      const a = s.accuracy ? s.accuracy[i] : NaN;
      const ok = Number.isFinite(l) && (!o.log || l > 0);
      rows.push({ model: s.model, alpha: s.xs[i], loss: ok ? l : null, accuracy: Number.isFinite(a) ? a : null });
    }
  }
  const hasAccuracy = rows.some(r => r.accuracy !== null);
  const x = { field: 'alpha', type: 'quantitative' as const, title: o.axisTitle ?? 'α', scale: { zero: false, nice: false } };
  const color = { field: 'model', type: 'nominal' as const, title: 'model' };
  const layers: any[] = [
    {
      mark: { type: 'line', point: o.series[0] && o.series[0].xs.length <= 64, tooltip: true },
      encoding: { x, y: { field: 'loss', type: 'quantitative', title: o.log ? 'loss (log)' : 'loss', scale: { type: o.log ? 'log' : 'linear', zero: false } }, color }
    }
  ];
  if (hasAccuracy) {
    layers.push({
      mark: { type: 'line', strokeDash: [4, 3], opacity: 0.7, tooltip: true },
      encoding: { x, y: { field: 'accuracy', type: 'quantitative', title: 'accuracy (dashed)', axis: { format: '.0%', orient: 'right' }, scale: { domain: [0, 1] } }, color }
    });
  }
  const anchorLayer = (o.anchors ?? []).length
    ? [
        {
          data: { values: o.anchors },
          layer: [
            { mark: { type: 'rule', strokeDash: [2, 2], opacity: 0.6 }, encoding: { x: { field: 'x', type: 'quantitative' } } },
            { mark: { type: 'text', align: 'left', dx: 3, dy: -4, baseline: 'bottom' }, encoding: { x: { field: 'x', type: 'quantitative' }, y: { value: 0 }, text: { field: 'name' } } }
          ]
        }
      ]
    : [];
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: o.title,
    width: o.width,
    height: o.height,
    config: o.config,
    layer: [{ data: { values: rows }, layer: layers, resolve: { scale: { y: 'independent' } } }, ...anchorLayer]
  } as TopLevelSpec;
}
