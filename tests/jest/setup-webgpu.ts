/**
 * Jest setup of the `webgpu` project: tfjs on its WebGPU backend under Node, through Dawn
 * (the `webgpu` package: Chrome's WebGPU implementation as a Node addon) on SwiftShader.
 *
 * Order matters: the WebGPU backend registers itself at import time only if `navigator.gpu`
 * exists, so the GPU globals are installed before the backend is required.
 */
import * as path from 'path';

import * as tf from '@tensorflow/tfjs';

import { assertTestBackend } from './backend';

interface Dawn {
  create(flags: string[]): unknown;
  globals: Record<string, unknown>;
}

// jest.config.js sets VK_ICD_FILENAMES in the real environment (SwiftShader's Vulkan driver);
// setting it here would only change this sandbox's copy, which Dawn never reads.
if (process.env.VK_ICD_FILENAMES === undefined) {
  throw new Error('VK_ICD_FILENAMES is not set: run through jest.config.js, or point it at a Vulkan ICD (e.g. SwiftShader)');
}

// The package's index.js is ESM; the addon itself loads fine from CommonJS.
const addon = path.join(
  path.dirname(require.resolve('webgpu/package.json')),
  'dist',
  `${process.platform}-${process.platform === 'darwin' ? 'universal' : process.arch}`,
  'dawn.node'
);
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dawn = require(addon) as Dawn;
Object.assign(globalThis, dawn.globals);
(globalThis as { navigator?: unknown }).navigator = { gpu: dawn.create([]) };

// eslint-disable-next-line @typescript-eslint/no-require-imports
require('@tensorflow/tfjs-backend-webgpu');

/** Shader compilation on SwiftShader makes the first op of each kind slow. */
const GPU_TEST_TIMEOUT_MS = 60_000;
jest.setTimeout(GPU_TEST_TIMEOUT_MS);

tf.env().set('IS_TEST', true);
// Without this, tensors under 128 elements run on the CPU and small tests would prove nothing.
tf.env().set('WEBGPU_CPU_FORWARD', false);

beforeAll(async () => {
  const ok = await tf.setBackend('webgpu');
  await tf.ready();
  if (!ok) {
    throw new Error(`tfjs could not start its WebGPU backend on Dawn (VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES})`);
  }
  assertTestBackend();
});

afterAll(() => {
  // Dawn's instance keeps Node's event loop alive; dropping the backend and the navigator lets jest exit.
  tf.removeBackend('webgpu');
  delete (globalThis as { navigator?: unknown }).navigator;
});
