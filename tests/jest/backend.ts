/**
 * Which tfjs backend the current jest project runs the method tests on. Set synchronously by
 * jest.config.js (`globals`), so test titles can name the backend before any hook runs.
 */
import * as tf from '@tensorflow/tfjs';

export const TEST_BACKEND: string =
  (globalThis as { NETLENS_TEST_BACKEND?: string }).NETLENS_TEST_BACKEND ?? 'cpu';

/** Float tolerance for results computed on the test backend (float32 everywhere; GPUs may fuse or reorder). */
export const FLOAT_RTOL = TEST_BACKEND === 'cpu' ? 1e-6 : 1e-5;

/** Throws unless the active tfjs backend is the one this project promises. */
export function assertTestBackend(): void {
  const active = tf.getBackend();
  if (active !== TEST_BACKEND) {
    throw new Error(`jest project expects the tfjs ${TEST_BACKEND} backend but ${active} is active`);
  }
}
