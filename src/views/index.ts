/**
 * views: plain arrays in, Vega-Lite specs out. Nothing here touches the DOM or tfjs.
 *   colormaps  → scheme names and RGBA lookup tables shared by the GPU raster and the legend
 *   theme      → JupyterLab light/dark → Vega-Lite config
 *   tensor-view-spec → panel-grid raster + axes + legend + labels (+ cursor signal for tooltips)
 *   line-spec  → 1-D tensors as a line (bucketed envelopes for long vectors)
 */
export * from './colormaps';
export * from './theme';
export * from './tensor-view-spec';
export * from './line-spec';
export * from './color-range';
