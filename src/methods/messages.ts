/**
 * Every user-facing text of the methods room, as functions.
 */

export const badPercentile = (p: number): string =>
  `percentile must be a number in [0, 50) (lo = p-th, hi = (100 - p)-th percentile); got ${p}`;

export const badBins = (bins: number): string => `bins must be a positive integer; got ${bins}`;

export const badChunk = (n: number, max: number): string =>
  `chunkElements must be an integer in [1, ${max}]; got ${n}`;

export const rankMismatch = (layout: string, shape: number[]): string =>
  `layout ${layout} needs a ${layout.length}-d tensor; got shape [${shape.join(', ')}]`;

export const dataLengthMismatch = (shape: number[], length: number): string =>
  `shape [${shape.join(', ')}] does not match data length ${length}`;

export const batchOutOfRange = (batch: number, n: number): string =>
  `batch ${batch} is out of range: the tensor has ${n} item(s)`;

export const channelOutOfRange = (channel: number, c: number): string =>
  `channel ${channel} is out of range: the tensor has ${c} channel(s) (use -1 for all)`;

export const rgbNeedsChannels = (layout: string, c: number | null): string =>
  c === null
    ? `RGB display needs a channel axis; layout ${layout} has none`
    : `RGB display needs 3 or 4 channels; the tensor has ${c}`;

export const indexOutOfRange = (axis: string, value: number, size: number): string =>
  `${axis} index ${value} is out of range [0, ${size})`;

export const badPanels = (mode: string, shape: number[]): string =>
  mode === 'heatmap'
    ? `heatmap panels must be [P, H, W]; got [${shape.join(', ')}]`
    : `rgb panels must be [P, H, W, 3|4]; got [${shape.join(', ')}]`;

export const badLut = (length: number, expected: number): string =>
  `the colour lookup table must hold ${expected} bytes (256 RGBA entries); got ${length}`;

export const badRange = (vmin: number, vmax: number): string =>
  `vmin and vmax must be finite numbers with vmin <= vmax; got ${vmin}, ${vmax}`;

export const badGap = (gap: number): string => `gap must be a non-negative integer; got ${gap}`;
