/**
 * Sample suggestion (iNNvestigate-GUI): with several models, each input as a point at (mean
 * top-1 probability, number of distinct predicted classes) — low and high is where models are
 * unsure and disagree; with one model, a histogram of a chosen layer's mean activation, of
 * prediction − label, or of the top probability, with each input as a tick beneath. Clicking a point picks that input (the
 * `nl_pick` selection; the widget listens to it).
 */
import type { Config, TopLevelSpec } from 'vega-lite';

import type { SuggestionPoint } from '../../methods/attribution/suggestion';

export const PICK_PARAM = 'nl_pick';

/**
 * @example
 * suggestionSpec({ points, models: 2, labels: ['cat', 'dog'], current: 3, config: {} });
 */
export function suggestionSpec(o: { points: SuggestionPoint[]; models: number; names: string[]; current: number; layer?: string; config: Config }): TopLevelSpec {
  // A small fixed jitter keeps inputs with equal counts apart vertically.
  const values = o.points.map(p => ({ ...p, name: o.names[p.index] ?? `#${p.index}`, current: p.index === o.current, dj: p.distinct + (((p.index * 0.6180339887) % 1) - 0.5) * 0.35 }));
  const pick = { name: PICK_PARAM, select: { type: 'point', fields: ['index'], on: 'click', clear: false } };
  const size = { condition: { test: 'datum.current', value: 140 }, value: 40 };
  const tooltip = [{ field: 'name', title: 'input' }, { field: 'index' }, { field: 'meanTop', title: 'mean top-1 probability', format: '.3f' }, { field: 'distinct', title: 'distinct predictions' }];
  if (o.models > 1) {
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
      title: { text: 'Sample suggestion', subtitle: 'uncertain (left) and contested (top) inputs are worth a look; click one to show it', anchor: 'start' },
      width: 360,
      height: 200,
      data: { values },
      params: [pick],
      mark: { type: 'point', filled: true, cursor: 'pointer' },
      encoding: {
        x: { field: 'meanTop', type: 'quantitative', title: 'mean top-1 probability over models', scale: { domain: [0, 1] } },
        y: { field: 'dj', type: 'quantitative', title: 'distinct predicted classes', axis: { tickMinStep: 1 }, scale: { domain: [0.5, o.models + 0.5], nice: false } },
        size,
        tooltip
      },
      config: o.config
    } as unknown as TopLevelSpec;
  }
  const field = values.some(v => v.activation !== null) ? 'activation' : values.some(v => v.margin !== null) ? 'margin' : 'meanTop';
  const title =
    field === 'activation' ? `mean activation of ${o.layer ?? 'the layer'}` : field === 'margin' ? 'prediction − label (top-1 probability − probability of the true class)' : 'top-1 probability';
  const unit = field !== 'activation';
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: 'Sample suggestion', subtitle: 'click a dot to show that input', anchor: 'start' },
    data: { values },
    vconcat: [
      {
        width: 360,
        height: 120,
        mark: { type: 'bar' },
        encoding: { x: { field, type: 'quantitative', bin: unit ? { maxbins: 20, extent: [0, 1] } : { maxbins: 20 }, title: null }, y: { aggregate: 'count', title: 'inputs' } }
      },
      {
        width: 360,
        height: 40,
        params: [pick],
        mark: { type: 'tick', cursor: 'pointer', thickness: 2 },
        encoding: {
          x: { field, type: 'quantitative', title, ...(unit ? { scale: { domain: [0, 1] } } : {}) },
          color: { condition: { test: 'datum.current', value: '#d6604d' }, value: '#4c78a8' },
          tooltip: [...tooltip, ...(field === 'margin' ? [{ field: 'margin', title: 'prediction − label', format: '.3f' }] : field === 'activation' ? [{ field: 'activation', title: 'mean activation', format: '.4g' }] : [])]
        }
      }
    ],
    config: o.config
  } as unknown as TopLevelSpec;
}
