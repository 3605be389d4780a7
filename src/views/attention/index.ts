/**
 * Attention views, pure: pair ranges → head-view lines (grouped for canvas strokes) → matrix
 * pixels (max-pooled thumbnails, LUT colours) → neuron-view numbers → head-similarity spec.
 * The widget paints them on canvas (no DOM node per token pair).
 */
export { PAIRS, isPair, pairRanges } from './pairs';
export type { Pair, PairRanges } from './pairs';
export { headColor } from './head-colors';
export { MIN_VISIBLE_WEIGHT, OPACITY_BUCKETS, headLines } from './lines';
export type { HeadLineOptions, LineGroup } from './lines';
export { maxPool, rangeMax, toRGBA } from './matrix';
export { neuronRows } from './neuron';
export type { NeuronRow } from './neuron';
export { similaritySpec } from './similarity-spec';
export type { SimilarityData } from './similarity-spec';
