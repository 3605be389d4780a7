/**
 * The sanity-check and suggestion pieces: Spearman's ρ (ties as scipy.stats.spearmanr; the
 * expected values were computed with numpy's corrcoef of average ranks), the cascading
 * randomization order and PyTorch's default re-initialization bounds, predictions, and the
 * iNNvestigate-style suggestion points.
 */
import * as tf from '@tensorflow/tfjs';

import { predictions, randomizationLayers, ranks, reinitialize, spearman, suggestionPoints } from '../../../../src/methods/attribution';
import { compileGraph } from '../../../../src/runtime/graph';
import { decodeTensors } from '../../../../src/transport';
import { TEST_BACKEND } from '../../../jest/backend';
import { readFixtureBytes, readFixtureJson } from '../../../jest/fixtures';

describe(`sanity checks on ${TEST_BACKEND}`, () => {
  it('ranks ties by their average and correlates ranks', () => {
    expect(Array.from(ranks([5, 6, 7, 8, 7]))).toEqual([1, 2, 3.5, 5, 3.5]);
    expect(spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7])).toBeCloseTo(0.8207826816681234, 12);
    const a = [0.3, -1.2, 2.2, 0.0, -0.5, 1.1];
    const b = [0.1, 0.4, -2.0, 0.0, 0.3, -0.9];
    expect(spearman(a, b)).toBeCloseTo(-0.942857142857143, 12);
    expect(spearman(a, b, true)).toBeCloseTo(0.942857142857143, 12);
    expect(spearman([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('randomizes from the output layer down, with kaiming-uniform bounds and nothing leaked', async () => {
    const ir = readFixtureJson<any>('models/resnet18/ir.json');
    const g = compileGraph(ir, decodeTensors(readFixtureBytes('models/resnet18/weights.arrow')));
    const layers = randomizationLayers(g);
    expect(layers[0].module).toBe('fc');
    expect(layers[layers.length - 1].module).toBe('conv1');
    expect(layers.map(l => l.module)).toContain('layer4.1.conv2');
    expect(layers.some(l => l.module.includes('bn'))).toBe(false);
    const before = tf.memory().numTensors;
    const fresh = reinitialize(g, layers[0], 7);
    const w = fresh.get(layers[0].weights.find(n => ir.weights.find((s: any) => s.name === n).shape.length === 2)!)!;
    const bound = 1 / Math.sqrt(w.shape[1]);
    const values = await w.data();
    expect(Math.max(...Array.from(values, Math.abs))).toBeLessThanOrEqual(bound);
    expect(Math.max(...Array.from(values, Math.abs))).toBeGreaterThan(bound * 0.8);
    tf.dispose([...fresh.values()]);
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
  });

  it('predicts softmax top-k of score vectors', async () => {
    const logits = tf.tensor2d([[0, 2, 1], [3, 0, 0]]);
    const p = await predictions(logits, 2);
    expect(p.top.map(t => t.classes)).toEqual([[1, 2], [0, 1]]);
    expect(p.top[1].scores[0]).toBeCloseTo(Math.exp(3) / (Math.exp(3) + 2), 6);
    expect(p.softmax).toBe(true);
    expect(p.probabilities.length).toBe(6);
    logits.dispose();
  });

  it('suggests by mean confidence and disagreement (several models) or prediction − label (one)', () => {
    const a = { probabilities: new Float32Array([0.9, 0.1, 0.4, 0.6]), classes: 2 };
    const b = { probabilities: new Float32Array([0.8, 0.2, 0.7, 0.3]), classes: 2 };
    const two = suggestionPoints([a, b], 2);
    expect(two.map(p => p.distinct)).toEqual([1, 2]);
    expect(two[0].meanTop).toBeCloseTo(0.85, 6);
    expect(two[1].meanTop).toBeCloseTo(0.65, 6);
    const one = suggestionPoints([a], 2, [1, 1], new Float32Array([0.5, 2]));
    expect(one[0].margin).toBeCloseTo(0.8, 6);
    expect(one[1].margin).toBeCloseTo(0, 6);
    expect(one.map(p => p.activation)).toEqual([0.5, 2]);
  });
});
