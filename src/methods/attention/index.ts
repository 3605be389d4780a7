/**
 * Attention, computed in the browser from the tensors the kernel sends:
 *
 * 1. `attentionRollout` — how information flows from input tokens through all layers;
 * 2. `layerHeadDistances` — per layer, Jensen–Shannon distances between heads;
 * 3. `headOrder` — heads ordered by average-linkage clustering of those distances.
 */
export { attentionRollout } from './rollout';
export type { RolloutOptions } from './rollout';
export { headDistances, layerHeadDistances } from './head-distances';
export { averageLinkage, headOrder } from './head-order';
export type { Merge } from './head-order';
