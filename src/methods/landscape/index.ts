/**
 * Loss landscapes in the browser (Li et al. 2018): directions arrive from the kernel (normalized
 * there, python-shim/netlens/landscape), the grid is evaluated here on the tfjs backend.
 *
 * 1. `progressiveOrder(nx, ny)` — grid points coarse to fine;
 * 2. `evaluateGrid(setup, order, progress)` — weights θ + αδ + βη per point, the batch's loss;
 * 3. `fillFromKnown` — a whole picture while the finer points are still coming.
 */
export { LOSSES, isLossKind, lossAndCorrect } from './loss';
export type { LossKind } from './loss';
export { fillFromKnown, progressiveOrder } from './order';
export { DEFAULT_LANDSCAPE_BATCH, checkDirections, evaluateGrid, pointSums } from './evaluate';
export type { LandscapeProgress, LandscapeSetup, PointValue } from './evaluate';
