/**
 * The `webgpu` project really runs on tfjs's WebGPU backend (Dawn + SwiftShader), not on a
 * silent CPU fallback: every method test in this project is a GPU test.
 */
import * as tf from '@tensorflow/tfjs';

describe('tfjs WebGPU backend under Dawn', () => {
  it('is the active backend, on a real adapter', () => {
    expect(tf.getBackend()).toBe('webgpu');
    const backend = tf.backend() as unknown as { device?: object; adapterInfo?: { vendor?: string; architecture?: string } };
    expect(backend.device).toBeDefined();
    console.log(`webgpu adapter: ${backend.adapterInfo?.vendor ?? '?'} ${backend.adapterInfo?.architecture ?? '?'}`);
  });

  it('runs a matMul on the GPU, not forwarded to the CPU', async () => {
    expect(tf.env().getBool('WEBGPU_CPU_FORWARD')).toBe(false);
    const a = tf.tensor2d([[1, 2], [3, 4]]);
    const b = tf.tensor2d([[5, 6], [7, 8]]);
    const c = tf.matMul(a, b);
    try {
      // The result lives in a GPU buffer until read: tfjs keeps no CPU copy of a kernel's output.
      const info = (tf.backend() as unknown as { tensorMap: { get(id: object): { resource: unknown; values: unknown } } }).tensorMap.get(c.dataId);
      expect(info.resource).toBeInstanceOf((globalThis as unknown as { GPUBuffer: new () => object }).GPUBuffer);
      expect(info.values ?? null).toBeNull();
      expect(Array.from(await c.data())).toEqual([19, 22, 43, 50]);
    } finally {
      tf.dispose([a, b, c]);
    }
  });

  it('compiled a WebGPU compute pipeline for it', () => {
    const cache = (tf.backend() as unknown as { pipelineCache: Record<string, unknown> }).pipelineCache;
    expect(Object.keys(cache).some(key => /matmul/i.test(key))).toBe(true);
  });
});
