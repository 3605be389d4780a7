/**
 * The page-wide backend choice under mocked browser globals. The tfjs engine is real; the
 * WebGPU and WASM backends are stand-ins registered under their names, so each failure path
 * (and the device-lost recovery) can be staged without a browser.
 */
import * as tf from '@tensorflow/tfjs';

import {
  currentBackend,
  ensureBackend,
  isBackend,
  onBackendChange,
  resetBackendForTests,
  setWasmBase
} from '../../../src/runtime/backend';
import * as msg from '../../../src/runtime/messages';

// The real packages would register real backends; these tests register stand-ins instead.
jest.mock('@tensorflow/tfjs-backend-webgpu', () => ({}));
jest.mock('@tensorflow/tfjs-backend-wasm', () => ({ setWasmPaths: jest.fn() }));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const wasmPackage = require('@tensorflow/tfjs-backend-wasm') as { setWasmPaths: jest.Mock };

type Lost = { message: string; reason?: string };

/** A do-nothing backend with a `device` whose `lost` promise the test resolves. */
class FakeGpuBackend extends tf.KernelBackend {
  readonly device: { lost: Promise<Lost> };
  loseDevice: (info: Lost) => void = () => undefined;
  constructor() {
    super();
    this.device = { lost: new Promise<Lost>(resolve => (this.loseDevice = resolve)) };
  }
  override dispose(): void {}
}

class FakeWasmBackend extends tf.KernelBackend {
  override dispose(): void {}
}

const g = globalThis as Record<string, unknown>;

function installGpu(adapter: object | null = { info: { vendor: 'google', architecture: 'swiftshader' } }) {
  const requestAdapter = jest.fn(async () => adapter);
  g.navigator = { gpu: { requestAdapter } };
  return requestAdapter;
}

function registerFake(name: string, factory: () => Promise<tf.KernelBackend>): jest.Mock {
  const spy = jest.fn(factory);
  tf.registerBackend(name, spy, 5);
  return spy;
}

const settle = () => new Promise(resolve => setTimeout(resolve, 0));

beforeEach(async () => {
  resetBackendForTests();
  setWasmBase(null);
  for (const name of ['webgpu', 'wasm']) {
    if (tf.findBackendFactory(name) !== null) {
      tf.removeBackend(name);
    }
  }
  delete g.navigator;
  delete g.isSecureContext;
  delete g.document;
  await tf.setBackend('cpu');
});

afterAll(() => {
  resetBackendForTests();
  delete g.navigator;
});

describe('Backend enumeration', () => {
  it('guards names', () => {
    expect(['webgpu', 'webgl', 'wasm', 'cpu'].every(isBackend)).toBe(true);
    expect(isBackend('tensorflow')).toBe(false);
    expect(isBackend('toString')).toBe(false);
  });
});

describe('ensureBackend fallback reasons', () => {
  it('explains each skipped backend on a page with none of WebGPU, WebGL or working WASM', async () => {
    registerFake('wasm', () => Promise.reject(new Error('failed to fetch tfjs-backend-wasm.wasm')));
    const info = await ensureBackend();
    expect(info).toEqual({
      name: 'cpu',
      adapter: null,
      fallbacks: [
        { backend: 'webgpu', reason: msg.noWebGPU() },
        { backend: 'webgl', reason: msg.noCanvas() },
        { backend: 'wasm', reason: 'tfjs could not start its wasm backend: failed to fetch tfjs-backend-wasm.wasm' }
      ]
    });
    expect(msg.noWebGPU()).toBe('this browser exposes no WebGPU (navigator.gpu is undefined)');
    expect(tf.getBackend()).toBe('cpu');
  });

  it('asks for a secure context when the page is served over plain http', async () => {
    g.isSecureContext = false;
    const info = await ensureBackend({ order: ['webgpu', 'cpu'] });
    expect(info.fallbacks).toEqual([{ backend: 'webgpu', reason: 'WebGPU needs a secure context: serve over https or localhost' }]);
  });

  it('reports a missing adapter', async () => {
    installGpu(null);
    const info = await ensureBackend({ order: ['webgpu', 'cpu'] });
    expect(info.fallbacks).toEqual([{ backend: 'webgpu', reason: 'no WebGPU adapter available' }]);
  });

  it("keeps tfjs's own message when its backend factory fails", async () => {
    installGpu();
    registerFake('webgpu', () => Promise.reject(new Error('requestDevice: out of memory')));
    const info = await ensureBackend({ order: ['webgpu', 'cpu'] });
    expect(info.name).toBe('cpu');
    expect(info.fallbacks).toEqual([{ backend: 'webgpu', reason: 'tfjs could not start its webgpu backend: requestDevice: out of memory' }]);
  });

  it('says when WebGL cannot open a context', async () => {
    g.document = { createElement: () => ({ getContext: () => null }) };
    const info = await ensureBackend({ order: ['webgl', 'cpu'] });
    expect(info.fallbacks).toEqual([{ backend: 'webgl', reason: msg.noWebGLContext() }]);
  });

  it('hands the configured WASM base to tfjs before starting the WASM backend', async () => {
    registerFake('wasm', async () => new FakeWasmBackend());
    setWasmBase('https://example.org/static/wasm/');
    const info = await ensureBackend({ order: ['wasm'] });
    expect(info).toEqual({ name: 'wasm', fallbacks: [], adapter: null });
    expect(wasmPackage.setWasmPaths).toHaveBeenLastCalledWith('https://example.org/static/wasm/');
  });

  it('rejects, and lets a later call retry, when no backend in the order can start', async () => {
    await expect(ensureBackend({ order: ['webgpu'] })).rejects.toThrow(/no tfjs backend could start: webgpu: this browser exposes no WebGPU/);
    installGpu();
    registerFake('webgpu', async () => new FakeGpuBackend());
    await expect(ensureBackend({ order: ['webgpu'] })).resolves.toMatchObject({ name: 'webgpu' });
  });
});

describe('ensureBackend is one engine per page', () => {
  it('initialises once for concurrent and later callers', async () => {
    const requestAdapter = installGpu();
    const factory = registerFake('webgpu', async () => new FakeGpuBackend());
    const a = ensureBackend();
    const b = ensureBackend({ order: ['cpu'] }); // ignored: the first call decides
    expect(b).toBe(a);
    const [ia, ib] = await Promise.all([a, b]);
    expect(ib).toBe(ia);
    expect(ia).toEqual({ name: 'webgpu', fallbacks: [], adapter: 'google swiftshader' });
    expect(await ensureBackend()).toBe(ia);
    expect(requestAdapter).toHaveBeenCalledTimes(1);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(currentBackend()).toBe(ia);
    expect(tf.getBackend()).toBe('webgpu');
  });

  it('reports no backend until the first choice settles', async () => {
    const pending = ensureBackend({ order: ['cpu'] });
    expect(currentBackend()).toBeNull();
    expect(await pending).toBe(currentBackend());
  });
});

describe('losing the WebGPU device', () => {
  it('records the loss, moves to the next backend and notifies listeners', async () => {
    installGpu();
    let fake: FakeGpuBackend | null = null;
    registerFake('webgpu', async () => (fake = new FakeGpuBackend()));
    const seen: unknown[] = [];
    const stayed = jest.fn();
    onBackendChange(info => seen.push(info));
    const off = onBackendChange(stayed);
    off();
    const first = await ensureBackend({ order: ['webgpu', 'cpu'] });
    expect(first.name).toBe('webgpu');
    expect(seen).toEqual([]); // the first choice is not a change

    fake!.loseDevice({ message: 'the GPU process crashed', reason: 'unknown' });
    await settle();
    await settle();

    const expected = { name: 'cpu', adapter: null, fallbacks: [{ backend: 'webgpu', reason: 'GPU device lost: the GPU process crashed' }] };
    expect(seen).toEqual([expected]);
    expect(stayed).not.toHaveBeenCalled();
    expect(currentBackend()).toEqual(expected);
    expect(await ensureBackend()).toEqual(expected);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('ignores a device lost after the page was reset', async () => {
    installGpu();
    let fake: FakeGpuBackend | null = null;
    registerFake('webgpu', async () => (fake = new FakeGpuBackend()));
    await ensureBackend({ order: ['webgpu', 'cpu'] });
    resetBackendForTests();
    const listener = jest.fn();
    onBackendChange(listener);
    fake!.loseDevice({ message: 'destroyed', reason: 'destroyed' });
    await settle();
    expect(listener).not.toHaveBeenCalled();
    expect(currentBackend()).toBeNull();
  });
});
