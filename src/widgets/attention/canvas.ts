/**
 * Canvas plumbing shared by the attention painters: a canvas sized in CSS pixels and backed at
 * the device pixel ratio, and text that is always drawn as text (fillText), never parsed.
 */
import type { ThemeColors } from '../../views/theme';

/** Browsers refuse canvases beyond ~32k pixels a side; tall head views are capped here. */
export const MAX_CANVAS_SIDE = 32000;

export function sizeCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = Math.min(window.devicePixelRatio || 1, MAX_CANVAS_SIDE / Math.max(width, height, 1));
  canvas.width = Math.max(1, Math.floor(width * ratio));
  canvas.height = Math.max(1, Math.floor(height * ratio));
  canvas.style.width = `${width}px`;
  canvas.style.height = `${height}px`;
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  return ctx;
}

export function clear(ctx: CanvasRenderingContext2D, width: number, height: number, theme: ThemeColors): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, height);
}

/** A token as drawn: shortened to `max` characters, whitespace made visible. */
export function tokenLabel(token: string, max = 18): string {
  const shown = token.replace(/\n/g, '↵').replace(/\t/g, '⇥');
  return shown.length > max ? `${shown.slice(0, max - 1)}…` : shown;
}

export function font(theme: ThemeColors, px: number): string {
  return `${px}px ${theme.font}`;
}
