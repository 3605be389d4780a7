/**
 * Landscape views: shared colour domain and contour levels (levels.ts), the 1-D line
 * (line-spec.ts, Vega-Lite), the 2-D heatmap with isolines, path and points (contour-spec.ts,
 * Vega), and the 3-D surface geometry (surface.ts).
 */
export * from './levels';
export * from './line-spec';
export * from './contour-spec';
export * from './surface';
