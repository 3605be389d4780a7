/**
 * The tfjs backends netlens can run on, in the order it tries them, and what a widget shows
 * about the one it got.
 */

/** Backends, fastest first: WebGPU → WebGL → WASM → CPU (DESIGN.md, "One tfjs engine per page"). */
export const BACKENDS = { webgpu: 'webgpu', webgl: 'webgl', wasm: 'wasm', cpu: 'cpu' } as const;
export type Backend = (typeof BACKENDS)[keyof typeof BACKENDS];
export function isBackend(x: unknown): x is Backend {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(BACKENDS, x);
}

/** The order `ensureBackend` tries by default. */
export const DEFAULT_ORDER: readonly Backend[] = [BACKENDS.webgpu, BACKENDS.webgl, BACKENDS.wasm, BACKENDS.cpu];

/** A backend that was skipped, and why, in words for the user. */
export interface Fallback {
  backend: Backend;
  reason: string;
}

/** The page's backend: its name, every backend skipped on the way (in order), and the GPU adapter if any. */
export interface BackendInfo {
  name: Backend;
  fallbacks: Fallback[];
  /** WebGPU adapter as "vendor architecture" (e.g. "google swiftshader"); null on other backends. */
  adapter: string | null;
}
