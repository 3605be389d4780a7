/**
 * Neuron view painter (BertViz's neuron view): for the focused query token, its query vector,
 * then per key token the key vector, q∘k, the score q·k/√d and the softmax weight as a bar.
 * Vector cells share one diverging colour scale (largest |value| of the head).
 */
import type { NeuronRow } from '../../views/attention';
import type { ThemeColors } from '../../views/theme';
import { clear, font, sizeCanvas, tokenLabel } from './canvas';

const ROW = 16;
const LABEL = 110;
const BAR = 120;

export interface NeuronPaint {
  query: string;
  keys: string[];
  q: Float32Array;
  rows: NeuronRow[];
  lut: Uint8Array;
  theme: ThemeColors;
}

export function paintNeuron(canvas: HTMLCanvasElement, p: NeuronPaint): (x: number, y: number) => number | null {
  const d = p.q.length;
  const cell = Math.max(2, Math.min(8, Math.floor(360 / d)));
  const vec = d * cell;
  const width = LABEL + 2 * (vec + 12) + 70 + BAR + 10;
  const height = (p.rows.length + 3) * ROW;
  const ctx = sizeCanvas(canvas, width, height);
  clear(ctx, width, height, p.theme);
  let scale = 1e-12;
  for (const v of [p.q, ...p.rows.map(r => r.k)]) for (const x of v) scale = Math.max(scale, Math.abs(x));
  let pscale = 1e-12;
  for (const r of p.rows) for (const x of r.product) pscale = Math.max(pscale, Math.abs(x));
  const cells = (v: Float32Array, x0: number, y0: number, s: number) => {
    for (let i = 0; i < v.length; i++) {
      const idx = Math.round(((v[i] / s + 1) / 2) * 255) * 4;
      ctx.fillStyle = `rgb(${p.lut[idx]},${p.lut[idx + 1]},${p.lut[idx + 2]})`;
      ctx.fillRect(x0 + i * cell, y0 + 2, cell, ROW - 4);
    }
  };
  ctx.font = font(p.theme, 11);
  ctx.textBaseline = 'middle';
  ctx.fillStyle = p.theme.muted;
  ctx.textAlign = 'left';
  const xk = LABEL;
  const xp = LABEL + vec + 12;
  const xs = xp + vec + 12;
  ctx.fillText('query q', xk, ROW / 2);
  ctx.fillText('key k', xk, ROW * 2.5);
  ctx.fillText('q ∘ k', xp, ROW * 2.5);
  ctx.fillText('q·k/√d', xs, ROW * 2.5);
  ctx.fillText('softmax', xs + 70, ROW * 2.5);
  ctx.textAlign = 'right';
  ctx.fillStyle = p.theme.text;
  ctx.fillText(tokenLabel(p.query, 16), LABEL - 6, ROW * 1.5);
  cells(p.q, xk, ROW, scale);
  p.rows.forEach((r, j) => {
    const y = (j + 3) * ROW;
    ctx.textAlign = 'right';
    ctx.fillStyle = p.theme.text;
    ctx.fillText(tokenLabel(p.keys[r.key] ?? '', 16), LABEL - 6, y + ROW / 2);
    cells(r.k, xk, y, scale);
    cells(r.product, xp, y, pscale);
    ctx.textAlign = 'right';
    ctx.fillText(r.score.toFixed(2), xs + 60, y + ROW / 2);
    ctx.fillStyle = p.theme.muted;
    ctx.fillRect(xs + 70, y + 3, BAR * r.weight, ROW - 6);
  });
  return (_x, y) => {
    const j = Math.floor(y / ROW) - 3;
    return j >= 0 && j < p.rows.length ? j : null;
  };
}
