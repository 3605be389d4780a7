/** Hidden-state views, pure: the window of states → one Vega-Lite spec; a brush → a selection. */
export { MAX_LINES, brushToSelection, hiddenStatesSpec } from './states-spec';
export type { StatesOptions, StatesWindow } from './states-spec';
