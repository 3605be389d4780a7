/**
 * One tfjs engine per page (DESIGN.md): the first `ensureBackend` call picks the backend,
 * every other caller shares that choice, and a lost WebGPU device moves the page to the next
 * backend and tells every widget to recompute from its host-side data.
 */
import * as tf from '@tensorflow/tfjs';

import { activateBackend } from './activate';
import { BACKENDS, Backend, BackendInfo, DEFAULT_ORDER, Fallback } from './backends';
import { GpuDeviceLike, GpuDeviceLostInfoLike } from './gpu';
import * as msg from './messages';
import { probeBackend } from './probes';

export { BACKENDS, DEFAULT_ORDER, isBackend } from './backends';
export type { Backend, BackendInfo, Fallback } from './backends';
export { setWasmBase } from './wasm-base';

export interface EnsureBackendOptions {
  /** Backends to try, in order; default webgpu → webgl → wasm → cpu. Only the first call's order counts. */
  order?: readonly Backend[];
}

export type BackendListener = (info: BackendInfo) => void;

/** Page-wide state; `generation` lets a reset orphan callbacks of an earlier engine. */
const page = {
  choice: null as Promise<BackendInfo> | null,
  info: null as BackendInfo | null,
  listeners: new Set<BackendListener>(),
  generation: 0
};

/**
 * Starts the page's tfjs backend once; concurrent and later calls get the same promise.
 *
 * @example
 * const info = await ensureBackend();
 * info.name;      // 'webgpu'
 * info.fallbacks; // [] — or e.g. [{backend: 'webgpu', reason: 'no WebGPU adapter available'}]
 */
export function ensureBackend(options: EnsureBackendOptions = {}): Promise<BackendInfo> {
  if (page.choice === null) {
    const generation = page.generation;
    const choice = choose(options.order ?? DEFAULT_ORDER, [], generation);
    page.choice = choice;
    // A page with no usable backend may get one later (e.g. after setWasmBase), so failure is not kept.
    choice.catch(() => {
      if (page.choice === choice) {
        page.choice = null;
      }
    });
  }
  return page.choice;
}

/**
 * The backend in use, or null before `ensureBackend` has settled.
 *
 * @example
 * currentBackend()?.name; // 'webgl'
 */
export function currentBackend(): BackendInfo | null {
  return page.info;
}

/**
 * Calls `listener` whenever the page moves to another backend after its first choice (e.g.
 * the GPU device was lost). Returns the function that unsubscribes it.
 *
 * @example
 * const off = onBackendChange(info => recompute(info));
 * // … on close:
 * off();
 */
export function onBackendChange(listener: BackendListener): () => void {
  page.listeners.add(listener);
  return () => {
    page.listeners.delete(listener);
  };
}

/** Forgets the page's choice and listeners (tests only; a real page keeps one engine). */
export function resetBackendForTests(): void {
  page.generation += 1;
  page.choice = null;
  page.info = null;
  page.listeners.clear();
}

/** Tries `order` until a backend starts; `fallbacks` carries what was skipped before. */
async function choose(order: readonly Backend[], fallbacks: Fallback[], generation: number): Promise<BackendInfo> {
  const skipped = [...fallbacks];
  for (const name of order) {
    const probe = await probeBackend(name);
    if (!probe.ok) {
      skipped.push({ backend: name, reason: probe.reason });
      continue;
    }
    const failure = await activateBackend(name);
    if (failure !== null) {
      skipped.push({ backend: name, reason: failure });
      continue;
    }
    const info: BackendInfo = { name, fallbacks: skipped, adapter: probe.adapter };
    if (generation === page.generation) {
      page.info = info;
      if (name === BACKENDS.webgpu) {
        watchDevice(order, generation);
      }
    }
    return info;
  }
  throw new Error(msg.noBackendLeft(skipped));
}

/** Falls back to the backends after WebGPU in `order` when the active backend's device is lost. */
function watchDevice(order: readonly Backend[], generation: number): void {
  const device = (tf.backend() as unknown as { device?: GpuDeviceLike }).device;
  if (device?.lost === undefined) {
    return;
  }
  void device.lost.then(lost => onDeviceLost(lost, order, generation));
}

async function onDeviceLost(lost: GpuDeviceLostInfoLike, order: readonly Backend[], generation: number): Promise<void> {
  const before = page.info;
  // A reset page, or one that already left WebGPU, has nothing to recover.
  if (generation !== page.generation || before === null || before.name !== BACKENDS.webgpu) {
    return;
  }
  const fallback: Fallback = { backend: BACKENDS.webgpu, reason: msg.deviceLost(lost.message) };
  const rest = order.slice(order.indexOf(BACKENDS.webgpu) + 1);
  const choice = choose(rest, [...before.fallbacks, fallback], generation);
  page.choice = choice;
  const info = await choice;
  if (generation === page.generation) {
    notify(info);
  }
}

/** Calls every listener even if one throws, then rethrows the first error so it is not lost. */
function notify(info: BackendInfo): void {
  let first: unknown = null;
  for (const listener of [...page.listeners]) {
    try {
      listener(info);
    } catch (e) {
      first ??= e;
    }
  }
  if (first !== null) {
    throw first;
  }
}
