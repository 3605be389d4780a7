/**
 * Head view painter (BertViz's head view, on one canvas): query tokens on the left, key tokens on
 * the right, a line per drawn weight coloured by head with opacity = weight. Returns hit testing.
 */
import { headColor, type LineGroup, type PairRanges } from '../../views/attention';
import type { ThemeColors } from '../../views/theme';
import { clear, font, sizeCanvas, tokenLabel } from './canvas';

export const ROW_HEIGHT = 16;
const COLUMN_WIDTH = 150;
const GAP = 150;
const PAD = 6;

export interface HeadHit {
  side: 'query' | 'key';
  index: number;
}

export interface HeadPaint {
  queries: string[];
  keys: string[];
  groups: LineGroup[];
  heads: number;
  ranges: PairRanges;
  focus: HeadHit | null;
  theme: ThemeColors;
}

export function paintHeadView(canvas: HTMLCanvasElement, p: HeadPaint): (x: number, y: number) => HeadHit | null {
  const rows = Math.max(p.queries.length, p.keys.length);
  const width = COLUMN_WIDTH * 2 + GAP;
  const height = rows * ROW_HEIGHT + 2 * PAD;
  const ctx = sizeCanvas(canvas, width, height);
  clear(ctx, width, height, p.theme);
  const y = (i: number) => PAD + i * ROW_HEIGHT + ROW_HEIGHT / 2;
  const left = COLUMN_WIDTH;
  const right = COLUMN_WIDTH + GAP;

  ctx.lineWidth = 2;
  for (const g of p.groups) {
    ctx.strokeStyle = headColor(g.head, p.heads);
    ctx.globalAlpha = g.opacity;
    ctx.beginPath();
    for (let i = 0; i < g.pairs.length; i += 2) {
      ctx.moveTo(left, y(g.pairs[i]));
      ctx.lineTo(right, y(g.pairs[i + 1]));
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;

  ctx.font = font(p.theme, 12);
  ctx.textBaseline = 'middle';
  const column = (tokens: string[], side: 'query' | 'key', x: number, align: CanvasTextAlign, lo: number, hi: number) => {
    ctx.textAlign = align;
    tokens.forEach((t, i) => {
      const focused = p.focus?.side === side && p.focus.index === i;
      if (focused) {
        ctx.fillStyle = p.theme.border;
        ctx.fillRect(side === 'query' ? 0 : right, y(i) - ROW_HEIGHT / 2, COLUMN_WIDTH, ROW_HEIGHT);
      }
      ctx.fillStyle = i >= lo && i < hi ? p.theme.text : p.theme.muted;
      ctx.fillText(tokenLabel(t, 16), x, y(i));
    });
  };
  column(p.queries, 'query', left - 8, 'right', p.ranges.q0, p.ranges.q1);
  column(p.keys, 'key', right + 8, 'left', p.ranges.k0, p.ranges.k1);

  return (x, yy) => {
    const index = Math.floor((yy - PAD) / ROW_HEIGHT);
    if (x < left && index >= 0 && index < p.queries.length) return { side: 'query', index };
    if (x > right && index >= 0 && index < p.keys.length) return { side: 'key', index };
    return null;
  };
}
