/**
 * Where the tfjs WASM binaries are served from. The bundler knows the URL, the runtime does
 * not, so the widget layer sets it once at start-up.
 */

let wasmBase: string | null = null;

/**
 * Sets the URL prefix the tfjs WASM backend loads its `.wasm` files from (ending in `/`).
 * Takes effect when the WASM backend starts; later calls do not move a running backend.
 *
 * @example
 * setWasmBase(new URL('./wasm/', import.meta.url).href);
 */
export function setWasmBase(url: string | null): void {
  wasmBase = url;
}

/** The prefix set by `setWasmBase`, or null to let tfjs guess (next to the script). */
export function getWasmBase(): string | null {
  return wasmBase;
}
