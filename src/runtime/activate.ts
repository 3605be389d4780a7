/**
 * Starts one tfjs backend: loads its package on demand, then `tf.setBackend`. Returns null on
 * success or the reason it failed.
 *
 * tfjs only logs why a backend factory failed (and not at all in production builds), so the
 * registered factory is wrapped for the duration of the call to keep the error's message.
 */
import * as tf from '@tensorflow/tfjs';

import { BACKENDS, Backend } from './backends';
import * as msg from './messages';
import { getWasmBase } from './wasm-base';

type Factory = () => unknown;

/**
 * Makes `name` the active tfjs backend.
 *
 * @example
 * const failure = await activateBackend('wasm'); // null, or e.g. 'tfjs could not start its wasm backend: …'
 */
export async function activateBackend(name: Backend): Promise<string | null> {
  const loadFailure = await loadPackage(name);
  if (loadFailure !== null) {
    return loadFailure;
  }
  const entry = tf.engine().registryFactory[name] as { factory: Factory } | undefined;
  if (entry === undefined) {
    return msg.notRegistered(name);
  }
  let captured: string | null = null;
  const original = entry.factory;
  // Only a backend that has not started yet calls its factory; wrapping a started one is pointless.
  const wrap = !(name in tf.engine().registry);
  if (wrap) {
    entry.factory = () => {
      try {
        const made = original();
        return isPromiseLike(made)
          ? Promise.resolve(made).catch((e: unknown) => {
              captured = describe(e);
              throw e;
            })
          : made;
      } catch (e) {
        captured = describe(e);
        throw e;
      }
    };
  }
  try {
    const started = await tf.setBackend(name);
    if (!started) {
      return msg.initFailed(name, captured);
    }
    await tf.ready();
    return null;
  } catch (e) {
    return msg.initFailed(name, captured ?? describe(e));
  } finally {
    if (wrap) {
      entry.factory = original;
    }
  }
}

/** Loads the packages that are not part of @tensorflow/tfjs, so pages that never use them never fetch them. */
async function loadPackage(name: Backend): Promise<string | null> {
  try {
    if (name === BACKENDS.webgpu) {
      await import('@tensorflow/tfjs-backend-webgpu');
    } else if (name === BACKENDS.wasm) {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      const base = getWasmBase();
      if (base !== null) {
        wasm.setWasmPaths(base);
      }
    }
    return null;
  } catch (e) {
    return msg.loadFailed(name, describe(e));
  }
}

function isPromiseLike(x: unknown): x is PromiseLike<unknown> {
  return typeof x === 'object' && x !== null && typeof (x as { then?: unknown }).then === 'function';
}

function describe(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
