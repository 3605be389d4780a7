/**
 * Can this page run a backend at all? Each probe answers before any tfjs code is loaded, with
 * a reason a user can act on when the answer is no.
 */
import { BACKENDS, Backend } from './backends';
import { adapterName, navigatorGpu } from './gpu';
import * as msg from './messages';

export type Probe = { ok: true; adapter: string | null } | { ok: false; reason: string };

/** Same preference tfjs asks for, so the adapter we describe is the one it will get. */
const POWER_PREFERENCE = 'high-performance';

/**
 * Checks the preconditions of one backend.
 *
 * @example
 * await probeBackend('webgpu'); // {ok: false, reason: 'this browser exposes no WebGPU (navigator.gpu is undefined)'}
 */
export async function probeBackend(name: Backend): Promise<Probe> {
  switch (name) {
    case BACKENDS.webgpu:
      return probeWebGPU();
    case BACKENDS.webgl:
      return probeWebGL();
    case BACKENDS.wasm:
      return typeof WebAssembly === 'undefined' ? fail(msg.noWebAssembly()) : ok(null);
    default:
      return ok(null);
  }
}

async function probeWebGPU(): Promise<Probe> {
  // navigator.gpu only exists in secure contexts, so say so first: it is the actionable reason.
  if ((globalThis as { isSecureContext?: boolean }).isSecureContext === false) {
    return fail(msg.insecureContext());
  }
  const gpu = navigatorGpu();
  if (gpu === undefined) {
    return fail(msg.noWebGPU());
  }
  try {
    const adapter = await gpu.requestAdapter({ powerPreference: POWER_PREFERENCE });
    return adapter === null ? fail(msg.noAdapter()) : ok(adapterName(adapter));
  } catch (e) {
    return fail(msg.adapterRequestFailed(e instanceof Error ? e.message : String(e)));
  }
}

interface CanvasLike {
  getContext(kind: string): unknown;
}
interface LoseContextLike {
  loseContext(): void;
}

/** Opens and immediately releases a WebGL context; browsers cap live contexts (about 16). */
function probeWebGL(): Probe {
  const canvas = makeCanvas();
  if (canvas === null) {
    return fail(msg.noCanvas());
  }
  let gl: unknown = null;
  try {
    gl = canvas.getContext('webgl2') ?? canvas.getContext('webgl');
  } catch {
    gl = null;
  }
  if (gl === null || gl === undefined) {
    return fail(msg.noWebGLContext());
  }
  const lose = (gl as { getExtension?(name: string): LoseContextLike | null }).getExtension?.('WEBGL_lose_context');
  lose?.loseContext();
  return ok(null);
}

function makeCanvas(): CanvasLike | null {
  const g = globalThis as {
    OffscreenCanvas?: new (w: number, h: number) => CanvasLike;
    document?: { createElement(tag: string): CanvasLike };
  };
  if (typeof g.OffscreenCanvas === 'function') {
    return new g.OffscreenCanvas(1, 1);
  }
  if (g.document !== undefined && typeof g.document.createElement === 'function') {
    return g.document.createElement('canvas');
  }
  return null;
}

const ok = (adapter: string | null): Probe => ({ ok: true, adapter });
const fail = (reason: string): Probe => ({ ok: false, reason });
