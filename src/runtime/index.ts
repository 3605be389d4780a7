/**
 * runtime — the page's single tfjs engine.
 *
 * 1. `ensureBackend()` probes WebGPU → WebGL → WASM → CPU (each probe gives a reason when it
 *    says no), loads the chosen backend's package on demand, and starts it once per page.
 * 2. `currentBackend()` / `BackendInfo` tell widgets which backend runs and why others were skipped.
 * 3. `onBackendChange()` reports a later move (a lost WebGPU device) so widgets recompute.
 *
 * Knows tfjs backends; nothing of the DOM beyond probing for a canvas.
 */
export {
  BACKENDS,
  DEFAULT_ORDER,
  currentBackend,
  ensureBackend,
  isBackend,
  onBackendChange,
  resetBackendForTests,
  setWasmBase
} from './backend';
export type { Backend, BackendInfo, BackendListener, EnsureBackendOptions, Fallback } from './backend';
export { adapterName } from './gpu';
export type { GpuAdapterLike, GpuLike } from './gpu';
export { probeBackend } from './probes';
export type { Probe } from './probes';
