/**
 * Paints the 3-D surface (views/landscape/surface.ts gives the geometry) on a 2-D canvas; drag
 * to rotate (azimuth, elevation written back to the model, so Python sees the angle).
 */
import { schemeLUT, type Scheme } from '../../views';
import { surfaceQuads, type Domain } from '../../views/landscape';

export interface SurfacePaint {
  nx: number;
  ny: number;
  values: ArrayLike<number>;
  domain: Domain;
  log: boolean;
  azimuth: number;
  elevation: number;
  scheme: Scheme;
  stroke: string;
}

export function paintSurface(canvas: HTMLCanvasElement, o: SurfacePaint): number {
  const ctx = canvas.getContext('2d');
  if (!ctx) return 0;
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const lut = schemeLUT(o.scheme);
  const size = lut.length / 4;
  const quads = surfaceQuads({ ...o, width, height });
  ctx.lineWidth = 0.4;
  ctx.strokeStyle = o.stroke;
  for (const q of quads) {
    const k = Math.min(size - 1, Math.max(0, Math.round(q.t * (size - 1)))) * 4;
    ctx.fillStyle = `rgb(${lut[k]}, ${lut[k + 1]}, ${lut[k + 2]})`;
    const p = q.points;
    ctx.beginPath();
    ctx.moveTo(p[0], p[1]);
    ctx.lineTo(p[2], p[3]);
    ctx.lineTo(p[4], p[5]);
    ctx.lineTo(p[6], p[7]);
    ctx.closePath();
    ctx.fill();
    ctx.stroke();
  }
  return quads.length;
}

/** Drag on `canvas` to change azimuth (horizontal) and elevation (vertical); returns a cleanup. */
export function dragToRotate(canvas: HTMLCanvasElement, get: () => [number, number], set: (azimuth: number, elevation: number) => void): () => void {
  let start: { x: number; y: number; az: number; el: number } | null = null;
  const down = (ev: PointerEvent) => {
    const [az, el] = get();
    start = { x: ev.clientX, y: ev.clientY, az, el };
    canvas.setPointerCapture?.(ev.pointerId);
  };
  const move = (ev: PointerEvent) => {
    if (!start) return;
    const az = (((start.az + (ev.clientX - start.x) * 0.5) % 360) + 360) % 360;
    const el = Math.min(89, Math.max(5, start.el + (ev.clientY - start.y) * 0.3));
    set(az, el);
  };
  const up = () => (start = null);
  canvas.addEventListener('pointerdown', down);
  canvas.addEventListener('pointermove', move);
  canvas.addEventListener('pointerup', up);
  canvas.addEventListener('pointerleave', up);
  return () => {
    canvas.removeEventListener('pointerdown', down);
    canvas.removeEventListener('pointermove', move);
    canvas.removeEventListener('pointerup', up);
    canvas.removeEventListener('pointerleave', up);
  };
}
