/**
 * Chunked transfer over the widget comm (docs/transport.md §2): the limits both sides agree on,
 * and the two ends of the protocol.
 */
export { CHUNK_BYTES, WINDOW } from './limits';
export { ChunkReceiver } from './receiver';
export type { ChunkReceiverOptions, ReceiverEvent } from './receiver';
export { ChunkSender } from './sender';
export type { ChunkSenderOptions, Post, SendOptions } from './sender';
