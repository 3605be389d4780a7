/**
 * A handle on the page for tests and for users debugging in the console:
 * `globalThis.__netlens__` holds tfjs (for tf.memory()), the live models and the Vega views.
 * Read-only by convention; nothing in netlens reads it back.
 */
import * as tf from '@tensorflow/tfjs';
import { MODULE_VERSION } from '../../version';

interface DebugHook {
  version: string;
  tf: typeof tf;
  models: Set<unknown>;
  views: Set<unknown>;
}

export function debugHook(): DebugHook {
  const g = globalThis as any;
  if (!g.__netlens__) {
    g.__netlens__ = { version: MODULE_VERSION, tf, models: new Set(), views: new Set() };
  }
  return g.__netlens__ as DebugHook;
}

/** Tracks a model until its comm closes. */
export function registerModel(model: { once: (ev: string, cb: () => void) => void }): void {
  const hook = debugHook();
  hook.models.add(model);
  model.once('comm:close', () => hook.models.delete(model));
  model.once('destroy', () => hook.models.delete(model));
}
