/**
 * The browser's attention methods against independent references (tests/fixtures/attention.py):
 * rollout vs numpy (float64) within 1e-5, head distances vs scipy's jensenshannon² within 1e-4
 * absolute, head order equal to scipy's average-linkage leaves; no tensor left behind.
 */
import * as tf from '@tensorflow/tfjs';

import { attentionRollout, headOrder, layerHeadDistances } from '../../../../src/methods/attention';
import { decodeTensors } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';

interface Case {
  id: string;
  shape: number[];
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe(`attention methods vs numpy/scipy (${TEST_BACKEND})`, () => {
  const cases = readFixtureJson<Case[]>('attention/cases.json');

  it.each(cases.map(c => [c.id, c] as const))('%s: rollout, distances, order', async (_id, c) => {
    const ref = decodeTensors(readFixtureBytes(`attention/${c.id}.arrow`));
    const wire = ref.get('attention')!;
    const before = tf.memory().numTensors;
    const att = tf.tensor4d(wire.data as Float32Array, wire.shape as [number, number, number, number]);
    const withResidual = attentionRollout(att);
    const plain = attentionRollout(att, { residual: false });
    const distances = layerHeadDistances(att);
    expect(maxAbsDiff(await withResidual.data(), ref.get('rollout')!.data as Float32Array)).toBeLessThan(1e-5);
    expect(maxAbsDiff(await plain.data(), ref.get('rollout_plain')!.data as Float32Array)).toBeLessThan(1e-5);
    const d = await distances.data();
    expect(maxAbsDiff(d, ref.get('distances')!.data as Float32Array)).toBeLessThan(1e-4);
    const [layers, heads] = c.shape;
    const order = ref.get('order')!.data as Int32Array;
    for (let l = 0; l < layers; l++) {
      const dl = Array.from(ref.get('distances')!.data.slice(l * heads * heads, (l + 1) * heads * heads) as Float32Array);
      expect(headOrder(dl, heads)).toEqual(Array.from(order.slice(l * heads, (l + 1) * heads)));
    }
    tf.dispose([att, withResidual, plain, distances]);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rollout refuses cross attention', () => {
    const before = tf.memory().numTensors;
    const att = tf.ones([1, 2, 3, 4]) as tf.Tensor4D;
    expect(() => attentionRollout(att)).toThrow(/queries = keys/);
    att.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
