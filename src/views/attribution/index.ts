/**
 * Attribution views: host arrays in, RGBA pixels and Vega-Lite specs out.
 *   raster      → channel reduction, sign modes, robust scaling, heat and input pixels
 *   grid-spec   → examples × (input, methods) overlays with an opacity parameter
 *   tokens-spec → token highlighting (text marks, never HTML)
 *   bars-spec   → tabular features
 *   predictions-spec, suggestion-spec, randomization-spec
 */
export * from './raster';
export * from './grid-spec';
export * from './predictions-spec';
export * from './tokens-spec';
export * from './bars-spec';
export * from './suggestion-spec';
export * from './randomization-spec';
