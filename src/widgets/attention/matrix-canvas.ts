/**
 * Matrix painter: one attention (or rollout) matrix as pixels, token labels along both axes when
 * the cells are tall enough to read them; hit testing returns the (query, key) cell.
 */
import { rangeMax, toRGBA } from '../../views/attention';
import type { ThemeColors } from '../../views/theme';
import { clear, font, sizeCanvas, tokenLabel } from './canvas';

/** Screen size of the matrix area, CSS pixels. */
export const MATRIX_SIZE = 560;
/** Below this many pixels per cell, token labels would overlap: none are drawn. */
const LABEL_MIN_CELL = 9;
const MARGIN = 110;
/** Short sequences: cells no bigger than this (a 12-token matrix need not fill the screen). */
const MAX_CELL = 28;

export interface MatrixPaint {
  data: Float32Array;
  offset: number;
  rows: number;
  cols: number;
  queries: string[];
  keys: string[];
  lut: Uint8Array;
  theme: ThemeColors;
  caption: string;
}

export function paintMatrix(canvas: HTMLCanvasElement, p: MatrixPaint): (x: number, y: number) => { q: number; k: number } | null {
  const cell = Math.min(MAX_CELL, Math.max(MATRIX_SIZE / Math.max(p.rows, p.cols), 0.25));
  const labels = cell >= LABEL_MIN_CELL;
  const margin = labels ? MARGIN : 8;
  const w = p.cols * cell;
  const h = p.rows * cell;
  const width = margin + w + 8;
  const height = 22 + margin + h + 8;
  const ctx = sizeCanvas(canvas, width, height);
  clear(ctx, width, height, p.theme);
  ctx.fillStyle = p.theme.text;
  ctx.font = font(p.theme, 12);
  ctx.textBaseline = 'top';
  ctx.textAlign = 'left';
  ctx.fillText(p.caption, 4, 4);
  const top = 22 + margin;
  const values = p.data.subarray(p.offset, p.offset + p.rows * p.cols);
  const image = new ImageData(toRGBA(values, p.lut, rangeMax(p.data, p.offset, p.rows * p.cols)), p.cols, p.rows);
  const off = document.createElement('canvas');
  off.width = p.cols;
  off.height = p.rows;
  off.getContext('2d')!.putImageData(image, 0, 0);
  ctx.imageSmoothingEnabled = false;
  ctx.drawImage(off, margin, top, w, h);
  if (labels) {
    ctx.font = font(p.theme, Math.min(12, cell - 1));
    ctx.fillStyle = p.theme.text;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'right';
    p.queries.forEach((t, i) => ctx.fillText(tokenLabel(t, 14), margin - 4, top + (i + 0.5) * cell));
    ctx.save();
    ctx.translate(margin, top - 4);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'left';
    p.keys.forEach((t, j) => ctx.fillText(tokenLabel(t, 14), 0, (j + 0.5) * cell));
    ctx.restore();
  }
  return (x, y) => {
    const k = Math.floor((x - margin) / cell);
    const q = Math.floor((y - top) / cell);
    return q >= 0 && q < p.rows && k >= 0 && k < p.cols ? { q, k } : null;
  };
}
