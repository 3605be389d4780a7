/**
 * Where the tfjs WASM binaries are served: webpack emits them as asset modules under
 * `wasm/` next to the bundle (labextension static dir or CDN), with their original names,
 * because tfjs looks them up by name under one prefix.
 */
import wasmUrl from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm';
import '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm';
import '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm';

/** The URL prefix (ending in '/') under which the three .wasm files are served. */
export function wasmBaseUrl(): string {
  return wasmUrl.slice(0, wasmUrl.lastIndexOf('/') + 1);
}
