/**
 * The 3-D surface view, as geometry: each grid cell becomes a quad lifted by its (normalized)
 * value, rotated by azimuth and elevation, projected orthographically, and sorted back to front
 * (painter's algorithm) with its colour — pure math the widget paints on a 2-D canvas.
 */
import type { Domain } from './levels';

export interface SurfaceQuad {
  /** Screen points (x0, y0, … x3, y3) in pixels. */
  points: number[];
  /** Normalized value in [0, 1] for the colour map (mean of the corners). */
  t: number;
  depth: number;
}

export interface SurfaceOptions {
  nx: number;
  ny: number;
  /** ny × nx, row 0 at the first β. */
  values: ArrayLike<number>;
  domain: Domain;
  log: boolean;
  /** Degrees around the vertical axis, and above the plane. */
  azimuth: number;
  elevation: number;
  width: number;
  height: number;
  /** Height of the surface relative to the plane's side (1 = as tall as wide). */
  zScale?: number;
}

export function normalizeValue(v: number, d: Domain, log: boolean): number {
  if (!Number.isFinite(v)) return NaN;
  if (log) {
    if (v <= 0) return 0;
    return Math.min(1, Math.max(0, (Math.log(v) - Math.log(d.lo)) / (Math.log(d.hi) - Math.log(d.lo))));
  }
  return Math.min(1, Math.max(0, (v - d.lo) / (d.hi - d.lo)));
}

/** Quads of finite cells, back to front. */
export function surfaceQuads(o: SurfaceOptions): SurfaceQuad[] {
  const az = (o.azimuth * Math.PI) / 180;
  const el = (o.elevation * Math.PI) / 180;
  const zs = o.zScale ?? 0.6;
  const scale = Math.min(o.width, o.height) * 0.62;
  const cx = o.width / 2;
  const cy = o.height / 2 + scale * 0.15;
  const t = new Float64Array(o.nx * o.ny);
  for (let i = 0; i < t.length; i++) t[i] = normalizeValue(o.values[i], o.domain, o.log);
  const project = (c: number, r: number, z: number): [number, number, number] => {
    const x = o.nx > 1 ? c / (o.nx - 1) - 0.5 : 0;
    const y = o.ny > 1 ? r / (o.ny - 1) - 0.5 : 0;
    const h = (z - 0.5) * zs;
    const xr = x * Math.cos(az) - y * Math.sin(az);
    const yr = x * Math.sin(az) + y * Math.cos(az);
    // Orthographic: screen x from xr; screen y mixes depth (yr) and height by the elevation.
    const sy = yr * Math.sin(el) - h * Math.cos(el);
    const depth = yr * Math.cos(el) + h * Math.sin(el);
    return [cx + xr * scale, cy + sy * scale, depth];
  };
  const quads: SurfaceQuad[] = [];
  for (let r = 0; r + 1 < o.ny; r++) {
    for (let c = 0; c + 1 < o.nx; c++) {
      const corners = [r * o.nx + c, r * o.nx + c + 1, (r + 1) * o.nx + c + 1, (r + 1) * o.nx + c];
      if (corners.some(i => Number.isNaN(t[i]))) continue;
      const pts = [project(c, r, t[corners[0]]), project(c + 1, r, t[corners[1]]), project(c + 1, r + 1, t[corners[2]]), project(c, r + 1, t[corners[3]])];
      quads.push({
        points: pts.flatMap(p => [p[0], p[1]]),
        t: (t[corners[0]] + t[corners[1]] + t[corners[2]] + t[corners[3]]) / 4,
        depth: (pts[0][2] + pts[1][2] + pts[2][2] + pts[3][2]) / 4
      });
    }
  }
  // Larger depth is nearer the viewer: draw far (small depth) first.
  quads.sort((a, b) => a.depth - b.depth);
  return quads;
}
