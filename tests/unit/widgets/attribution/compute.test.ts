/**
 * The Attribution widget's bookkeeping, without a page: host result buffers filled chunk by chunk
 * and their wire round trip (what the kernel receives), target resolution per example and slot,
 * chunk order (the shown page first), and input slicing.
 */
import * as tf from '@tensorflow/tfjs';

import { chunksOf, inputsFor, slotsOf, targetFor, REST_CHUNK } from '../../../../src/widgets/attribution/compute';
import { ResultStore } from '../../../../src/widgets/attribution/results';

describe('attribution widget bookkeeping', () => {
  it('fills buffers by example, reports completeness, and round-trips through wire tensors', () => {
    const store = new ResultStore(3);
    store.put('ig', 0, [2], [2], new Float32Array([5, 6]), new Float32Array([0.1]), new Float32Array([9]), [4]);
    expect(store.hasAll(['ig'], 1, 2)).toBe(true);
    expect(store.hasAll(['ig'], 1, 0)).toBe(false);
    expect(store.toWire('0|').size).toBe(0); // incomplete buffers do not travel
    store.put('ig', 0, [0, 1], [2], new Float32Array([1, 2, 3, 4]), new Float32Array([0.2, 0.3]), null, [7, 8]);
    const wire = store.toWire('0|');
    expect([...wire.keys()].sort()).toEqual(['0|ig|0', '0|ig|0|delta', '0|ig|0|scores', '0|ig|0|targets']);
    expect(Array.from(wire.get('0|ig|0')!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(wire.get('0|ig|0|delta')!.data)).toEqual([0.2, 0.3, 0.1].map(Math.fround));
    expect(Array.from(wire.get('0|ig|0|targets')!.data)).toEqual([7, 8, 4]);
    const back = new ResultStore(3);
    back.fromWire(new Map([...wire].map(([k, v]) => [k.slice(2), v])), '');
    expect(Array.from(back.get('ig', 0)!.data)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(back.hasAll(['ig'], 1, 1)).toBe(true);
  });

  it('a failed method counts as done so the rest goes on, and keeps its message', () => {
    const store = new ResultStore(2);
    store.fail('lrp', 0, 'LRP has no rule for layer_norm');
    expect(store.hasAll(['lrp'], 1, 0)).toBe(true);
    expect(store.get('lrp', 0)!.error).toMatch(/layer_norm/);
  });

  it('resolves targets per example and slot', () => {
    const preds = { top: [{ classes: [3, 1], scores: [0.7, 0.2] }, { classes: [0, 2], scores: [0.6, 0.3] }], probabilities: new Float32Array(0), classes: 4, softmax: true };
    expect(slotsOf({ kind: 'predicted' }, 2)).toBe(2);
    expect(slotsOf({ kind: 'class', classes: [1] }, 3)).toBe(1);
    expect(targetFor({ kind: 'predicted' }, preds, [0, 1], 1)).toEqual({ spec: { tap: null, indices: [[1], [2]] }, classes: [1, 2] });
    expect(targetFor({ kind: 'class', classes: [5] }, null, [1], 0).classes).toEqual([5]);
    expect(targetFor({ kind: 'class', classes: [5, 6, 7] }, null, [2, 0], 0).classes).toEqual([7, 5]);
    expect(targetFor({ kind: 'indices', indices: [[1, 2], [3, 4]] }, null, [1], 0).spec.indices).toEqual([[3, 4]]);
    expect(targetFor({ kind: 'tap', tap: 'layer3', index: [5], reduce: 'mean' }, null, [0], 0).spec).toEqual({ tap: 'layer3', indices: [[5]], reduce: 'mean' });
  });

  it('computes the shown page first, then the rest in chunks', () => {
    const chunks = chunksOf([4, 5], 40);
    expect(chunks[0]).toEqual([4, 5]);
    expect(chunks[1]).toHaveLength(REST_CHUNK);
    expect(chunks.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, i) => i));
  });

  it('slices the inputs to the examples asked for', async () => {
    const graph = { ir: { inputs: [{ name: 'x', shape: ['batch', 2], dtype: 'float32' }] } } as never;
    const inputs = new Map([['x', { shape: [3, 2], dtype: 'float32' as const, data: new Float32Array([0, 1, 2, 3, 4, 5]), dimNames: [], sourceDtype: 'float32' }]]);
    const [x] = inputsFor(graph, inputs, [2, 0]);
    expect(await x.array()).toEqual([[4, 5], [0, 1]]);
    tf.dispose(x);
  });
});
