/**
 * methods — pure functions of tensors and typed arrays, run on whatever tfjs backend is active.
 *
 * Tensor viewer pipeline:
 * 1. `tensorStats(data)` — counts, min/max/mean/std, robust `lo`/`hi` (chunked passes).
 * 2. `panelsFromTensor(t, {layout, batch, channel, rgb})` — one batch item as [P, H, W(, C)].
 * 3. `colorizeGrid(panels, {vmin, vmax, lut, …})` — one RGBA grid image, read back once.
 *    `flatIndex` maps a pixel back to the host value for tooltips.
 *
 * No DOM, no comm: inputs are typed arrays or tensors, outputs are typed arrays or tensors the
 * caller disposes.
 */
export { DEFAULT_BINS, DEFAULT_CHUNK_ELEMENTS, MAX_CHUNK_ELEMENTS, ROBUST_PERCENTILE, tensorStats } from './tensor-stats';
export type { TensorStats, TensorStatsOptions } from './tensor-stats';
export { histogramPercentile } from './histogram-percentile';
export { LAYOUTS, isLayout, layoutAxes, layoutSizes } from './layouts';
export type { Layout, LayoutAxes } from './layouts';
export { flatIndex, panelsFromTensor } from './panels';
export type { PanelIndex, PanelOptions, Panels } from './panels';
export { COLOR_MODES, LUT_ENTRIES, autoColumns, colorizeGrid, isColorMode } from './colorize';
export type { ColorGrid, ColorMode, ColorizeOptions, RGBA } from './colorize';
export { envelope } from './envelope';
export type { Envelope } from './envelope';
