/**
 * What every benchmark page does first (bundled into each bench's page.js): start the tfjs backend
 * the plan names — WebGPU with small tensors kept on the GPU path — and load the exported model
 * (ir.json + weights.arrow, served beside the page) into a compiled netlens graph.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';

import { compileGraph } from '../../../lib/runtime/graph';
import { decodeTensors } from '../../../lib/transport';

/** The bytes of a file served beside the page. */
export async function bytes(url) {
  return new Uint8Array(await (await fetch(url)).arrayBuffer());
}

/** Starts `plan.backend` and returns the compiled model. */
export async function startBench(plan) {
  setWasmPaths(location.origin + '/');
  const ok = await tf.setBackend(plan.backend);
  await tf.ready();
  if (!ok || tf.getBackend() !== plan.backend) throw new Error(`backend ${plan.backend} did not start`);
  if (plan.backend === 'webgpu') tf.env().set('WEBGPU_CPU_FORWARD', false);
  const ir = await (await fetch('/ir.json')).json();
  return compileGraph(ir, decodeTensors(await bytes('/weights.arrow')));
}
