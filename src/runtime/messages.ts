/**
 * Every user-facing text of the runtime room. Fallback reasons are shown in each widget, so
 * they say what is missing and, where there is one, what the user can do about it.
 */

export const noWebGPU = (): string => 'this browser exposes no WebGPU (navigator.gpu is undefined)';

export const insecureContext = (): string => 'WebGPU needs a secure context: serve over https or localhost';

export const noAdapter = (): string => 'no WebGPU adapter available';

export const adapterRequestFailed = (detail: string): string => `requesting a WebGPU adapter failed: ${detail}`;

export const deviceLost = (message: string): string => 'GPU device lost: ' + message;

export const noCanvas = (): string => 'no canvas to create a WebGL context in (not running in a browser page)';

export const noWebGLContext = (): string =>
  'no WebGL context could be created (WebGL is disabled, the GPU is blocklisted, or too many contexts are open)';

export const noWebAssembly = (): string => 'this environment has no WebAssembly';

export const loadFailed = (backend: string, detail: string): string =>
  `could not load the tfjs ${backend} backend: ${detail}`;

export const notRegistered = (backend: string): string => `tfjs has no ${backend} backend registered`;

export const initFailed = (backend: string, detail: string | null): string =>
  detail === null ? `tfjs could not start its ${backend} backend` : `tfjs could not start its ${backend} backend: ${detail}`;

export const noBackendLeft = (tried: { backend: string; reason: string }[]): string =>
  'no tfjs backend could start: ' + (tried.length === 0 ? 'none was tried' : tried.map(f => `${f.backend}: ${f.reason}`).join('; '));
