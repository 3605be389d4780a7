/** The 1-D path of a TensorView: a line, bucketed on the tfjs backend when long. */
import type { Config, TopLevelSpec } from 'vega-lite';
import type { Tensor } from '../../transport/types';
import { envelope } from '../../methods/envelope';
import { lineSpec, type LineRow, type ThemeColors } from '../../views';
import { startEngine } from '../shared/engine';
import type { TensorViewModel } from './model';

/** Buckets for long vectors: about one per horizontal pixel of the chart. */
export const LINE_BUCKETS = 1500;
export const LINE_WIDTH = 640;

export async function drawLine(model: TensorViewModel, t: Tensor, config: Config, colors: ThemeColors): Promise<TopLevelSpec> {
  await startEngine();
  const env = await envelope(t.data, LINE_BUCKETS);
  const rows: LineRow[] = [];
  for (let b = 0; b < env.start.length; b++) {
    rows.push({ i: env.start[b], i1: env.end[b], min: env.min[b], mean: env.mean[b], max: env.max[b] });
  }
  return lineSpec({
    rows,
    bucketed: env.bucket > 1,
    width: LINE_WIDTH,
    title: String(model.get('title') || ''),
    subtitle: `W=${t.shape[0] ?? 1} · ${t.dtype}${t.sourceDtype !== t.dtype ? ` (from ${t.sourceDtype})` : ''}`,
    config,
    color: colors.light ? '#4c78a8' : '#72b7f2'
  });
}
