/**
 * Known tfjs-backend-webgpu behaviour that netlens works around. When a tfjs upgrade makes one
 * of these fail, the quirk is gone and its workaround (named in each test) can go too.
 */
import * as tf from '@tensorflow/tfjs';

const VALUES = Array.from({ length: 12 }, (_, i) => i + 1);
const TRANSPOSED = [1, 2, 7, 8, 3, 4, 9, 10, 5, 6, 11, 12];

async function transposed(dtype: 'int32' | 'float32'): Promise<number[]> {
  const t = tf.transpose(tf.tensor(VALUES, [2, 3, 2], dtype), [1, 0, 2]);
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

describe('tfjs-backend-webgpu 4.22 quirks (Dawn + SwiftShader)', () => {
  it('cannot transpose int32 tensors of rank >= 3 (why methods/colorize.ts stays float32)', async () => {
    // The generated WGSL writes an i32 into an f32 output and fails validation (Dawn prints it).
    // The whole command buffer is then dropped, so work batched with it reads zeros too.
    expect(await transposed('int32')).toEqual(new Array(12).fill(0));
    expect(await transposed('float32')).toEqual(TRANSPOSED);
  });
});
