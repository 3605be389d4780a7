/**
 * transport — bytes from the kernel become typed tensors; browser results go back as bytes.
 *
 * 1. `ChunkReceiver` assembles `nl:begin`/`nl:chunk` comm messages into one ArrayBuffer,
 *    acking each chunk and checking order, size and CRC-32 (`ChunkSender` is the other end).
 * 2. `decodeTensor` reads the Arrow IPC stream in place: `{shape, dtype, data}` with `data` a
 *    typed-array view onto the received bytes; `decodeTable` gives an Arrow Table.
 * 3. `encodeTensor` writes the same layout back for results sent to the kernel.
 *
 * Knows Arrow and chunks; nothing of models, backends or the DOM.
 */
export * from './types';
export { TransportError } from './errors';
export { decodeTable, decodeTensor, decodeTensors, encodeTensor, encodeTensors, isAligned } from './arrow';
export { crc32 } from './crc32';
export { float16ToFloat32 } from './float16';
export * from './chunks';
export * from './protocol';
export * from './wire';
