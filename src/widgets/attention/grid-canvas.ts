/**
 * Model view painter (BertViz's model view, on one canvas): layers × heads thumbnails, each the
 * head's attention max-pooled to THUMB pixels; hit testing returns (layer, head).
 */
import { maxPool, rangeMax, toRGBA } from '../../views/attention';
import type { ThemeColors } from '../../views/theme';
import { clear, font, sizeCanvas, tokenLabel } from './canvas';

export const THUMB = 64;
const GAP = 6;
const LEFT = 90;
const TOP = 20;

export interface GridPaint {
  data: Float32Array;
  shape: number[];
  layerNames: string[];
  lut: Uint8Array;
  theme: ThemeColors;
  selected: { layer: number; head: number };
}

export function paintModelGrid(canvas: HTMLCanvasElement, p: GridPaint): (x: number, y: number) => { layer: number; head: number } | null {
  const [layers, heads, q, k] = p.shape;
  const tw = Math.min(THUMB, k);
  const th = Math.min(THUMB, q);
  const width = LEFT + heads * (THUMB + GAP);
  const height = TOP + layers * (THUMB + GAP);
  const ctx = sizeCanvas(canvas, width, height);
  clear(ctx, width, height, p.theme);
  ctx.font = font(p.theme, 11);
  ctx.fillStyle = p.theme.muted;
  ctx.textBaseline = 'middle';
  ctx.textAlign = 'center';
  for (let h = 0; h < heads; h++) ctx.fillText(`head ${h}`, LEFT + h * (THUMB + GAP) + THUMB / 2, TOP / 2);
  const off = document.createElement('canvas');
  off.width = tw;
  off.height = th;
  const offCtx = off.getContext('2d')!;
  ctx.imageSmoothingEnabled = false;
  for (let l = 0; l < layers; l++) {
    ctx.textAlign = 'right';
    ctx.fillStyle = p.theme.muted;
    ctx.fillText(tokenLabel(p.layerNames[l] ?? `layer ${l}`, 14), LEFT - 6, TOP + l * (THUMB + GAP) + THUMB / 2);
    for (let h = 0; h < heads; h++) {
      const offset = (l * heads + h) * q * k;
      const pooled = maxPool(p.data, offset, q, k, th, tw);
      offCtx.putImageData(new ImageData(toRGBA(pooled, p.lut, rangeMax(p.data, offset, q * k)), tw, th), 0, 0);
      const x = LEFT + h * (THUMB + GAP);
      const y = TOP + l * (THUMB + GAP);
      ctx.drawImage(off, x, y, THUMB, THUMB);
      if (l === p.selected.layer && h === p.selected.head) {
        ctx.strokeStyle = p.theme.text;
        ctx.lineWidth = 2;
        ctx.strokeRect(x - 1, y - 1, THUMB + 2, THUMB + 2);
      }
    }
  }
  return (x, y) => {
    const h = Math.floor((x - LEFT) / (THUMB + GAP));
    const l = Math.floor((y - TOP) / (THUMB + GAP));
    const inside = (x - LEFT) % (THUMB + GAP) < THUMB && (y - TOP) % (THUMB + GAP) < THUMB;
    return inside && h >= 0 && h < heads && l >= 0 && l < layers ? { layer: l, head: h } : null;
  };
}
