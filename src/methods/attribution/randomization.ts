/**
 * The model-parameter randomization test (Adebayo et al. 2018, §3.1, cascading): layers are
 * re-initialized one after another from the output towards the input, and the attribution is
 * recomputed after each step. A method whose maps stay alike while the model loses everything it
 * learned is not explaining the model. Re-initialization uses PyTorch's default for Linear and
 * Conv layers (U(−1/√fan_in, 1/√fan_in) for weight and bias, i.e. kaiming_uniform(a=√5)),
 * seeded; embeddings are drawn N(0, 1) as nn.Embedding's default.
 */
import * as tf from '@tensorflow/tfjs';

import type { CompiledGraph } from '../../runtime/graph';

export interface RandomizationLayer {
  /** Module path, e.g. "layer4.1.conv2". */
  module: string;
  /** Weight names (IR) of the module's parameters that get re-initialized. */
  weights: string[];
}

/** Layers with a weight matrix (rank ≥ 2: Linear, Conv, Embedding, LSTM/GRU), output side first. */
export function randomizationLayers(graph: CompiledGraph): RandomizationLayer[] {
  const firstUse = new Map<string, number>();
  graph.ir.nodes.forEach((n, i) => {
    const walk = (a: unknown): void => {
      if (typeof a === 'string' && !firstUse.has(a)) firstUse.set(a, i);
      else if (Array.isArray(a)) a.forEach(walk);
    };
    n.inputs.forEach(walk);
  });
  const byModule = new Map<string, { weights: string[]; order: number; matrix: boolean }>();
  for (const w of graph.ir.weights) {
    const parts = w.target.split('.');
    if (parts.length < 2 || !firstUse.has(w.name)) continue;
    const module = parts.slice(0, -1).join('.');
    const entry = byModule.get(module) ?? { weights: [], order: -1, matrix: false };
    entry.weights.push(w.name);
    entry.order = Math.max(entry.order, firstUse.get(w.name)!);
    entry.matrix ||= w.shape.length >= 2;
    byModule.set(module, entry);
  }
  return [...byModule.entries()]
    .filter(([, e]) => e.matrix)
    .sort((a, b) => b[1].order - a[1].order)
    .map(([module, e]) => ({ module, weights: e.weights }));
}

/**
 * Fresh values for a layer's weights (the caller disposes them).
 *
 * @example
 * const fresh = reinitialize(graph, layers[0], 0);   // Map weight name → tensor
 */
export function reinitialize(graph: CompiledGraph, layer: RandomizationLayer, seed: number): Map<string, tf.Tensor> {
  const specs = layer.weights.map(name => graph.ir.weights.find(w => w.name === name)!);
  const matrix = specs.find(s => s.shape.length >= 2);
  const shape = (matrix?.shape ?? specs[0].shape) as number[];
  const fanIn = shape.length >= 2 ? shape.slice(1).reduce((a, b) => a * b, 1) : shape[0];
  const isEmbedding = graph.ir.nodes.some(n => n.op === 'embedding' && n.inputs[0] === matrix?.name);
  const bound = 1 / Math.sqrt(Math.max(fanIn, 1));
  return new Map(
    specs.map((s, i) => {
      const dims = s.shape as number[];
      const t = isEmbedding && s === matrix ? tf.randomNormal(dims, 0, 1, 'float32', seed + i) : tf.randomUniform(dims, -bound, bound, 'float32', seed + i);
      return [s.name, t];
    })
  );
}
