/**
 * Progress and cancellation for long methods: work is done in chunks; between chunks a method
 * reports how far it is, yields to the page (so the UI stays live) and stops if asked.
 */
import * as tf from '@tensorflow/tfjs';

import { CancelledError } from './errors';

/** Set `cancelled` to stop a running method at its next chunk boundary. */
export interface CancelSignal {
  readonly cancelled: boolean;
}

export interface Progress {
  /** Called after each chunk with work done and total (in the method's own units, e.g. steps). */
  onProgress?: (done: number, total: number) => void;
  signal?: CancelSignal;
}

/** Reports progress, yields to the event loop, and throws CancelledError when cancelled. */
export async function checkpoint(p: Progress | undefined, done: number, total: number): Promise<void> {
  p?.onProgress?.(done, total);
  if (p?.signal?.cancelled) throw new CancelledError();
  await tf.nextFrame();
  if (p?.signal?.cancelled) throw new CancelledError();
}
