/**
 * Starts the page's one tfjs engine for widgets: tells the runtime where the bundler put
 * the WASM binaries, then lets it pick WebGPU → WebGL → WASM → CPU.
 */
import { ensureBackend, setWasmBase, type BackendInfo } from '../../runtime';
import { wasmBaseUrl } from './wasm-assets';

let configured = false;

export function startEngine(): Promise<BackendInfo> {
  if (!configured) {
    configured = true;
    setWasmBase(wasmBaseUrl());
  }
  return ensureBackend();
}
