/**
 * Vega-Lite spec for a 1-D tensor: a line of value against index. Long vectors arrive
 * as min/mean/max envelopes per bucket (methods/envelope), drawn as a band plus a line,
 * so the chart stays at a few thousand marks whatever the length.
 */
import type { TopLevelSpec, Config } from 'vega-lite';

export interface LineRow {
  /** First index of the bucket (the index itself when not bucketed). */
  i: number;
  /** Last index of the bucket, inclusive. */
  i1: number;
  min: number;
  mean: number;
  max: number;
}

export interface LineSpecOptions {
  rows: LineRow[];
  bucketed: boolean;
  width: number;
  title: string;
  subtitle: string;
  config: Config;
  color: string;
}

/** Height of the 1-D chart in px. */
export const LINE_CHART_HEIGHT = 220;

/**
 * @example
 * lineSpec({rows: [{i: 0, i1: 0, min: 1, mean: 1, max: 1}], bucketed: false, width: 600,
 *   title: 'bias', subtitle: '512 float32', config: {}, color: '#4c78a8'})
 */
export function lineSpec(o: LineSpecOptions): TopLevelSpec {
  const x = { field: 'i', type: 'quantitative' as const, title: 'index', scale: { zero: false, nice: false } };
  const tooltip = o.bucketed
    ? [
        { field: 'i', title: 'from index', format: 'd' },
        { field: 'i1', title: 'to index', format: 'd' },
        { field: 'min', title: 'min', format: '.6~g' },
        { field: 'mean', title: 'mean', format: '.6~g' },
        { field: 'max', title: 'max', format: '.6~g' }
      ]
    : [
        { field: 'i', title: 'index', format: 'd' },
        { field: 'mean', title: 'value', format: '.7~g' }
      ];
  const layers: any[] = [];
  if (o.bucketed) {
    layers.push({
      mark: { type: 'area', opacity: 0.3, color: o.color },
      encoding: { x, y: { field: 'min', type: 'quantitative', title: 'value' }, y2: { field: 'max' } }
    });
  }
  layers.push(
    {
      mark: { type: 'line', color: o.color, strokeWidth: 1.25 },
      encoding: { x, y: { field: 'mean', type: 'quantitative', title: 'value' } }
    },
    {
      params: [{ name: 'nl_hover', select: { type: 'point', encodings: ['x'], nearest: true, on: 'pointermove', clear: 'pointerout' } }],
      mark: { type: 'point', color: o.color, filled: true, size: 40 },
      encoding: {
        x,
        y: { field: 'mean', type: 'quantitative' },
        opacity: { condition: { param: 'nl_hover', empty: false, value: 1 }, value: 0 },
        tooltip
      }
    },
    {
      params: [{ name: 'nl_zoom', select: { type: 'interval', encodings: ['x'] }, bind: 'scales' }],
      mark: { type: 'rule', opacity: 0 },
      encoding: { x }
    }
  );
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title || ' ', subtitle: o.subtitle },
    width: o.width,
    height: LINE_CHART_HEIGHT,
    config: o.config,
    data: { name: 'rows', values: o.rows },
    layer: layers
  } as TopLevelSpec;
}
