/**
 * Limits of the chunk protocol that both sides agree on (docs/transport.md §2).
 */

/**
 * Payload bytes per comm message: Tornado rejects browser→kernel websocket messages over
 * 10 MiB, and 64 KiB of headroom under 8 MiB leaves room for the JSON header of the message.
 */
export const CHUNK_BYTES = 8 * 1024 * 1024 - 64 * 1024;

/**
 * Chunks in flight before the sender waits for an ack: back-pressure keeps memory bounded and
 * stays far under jupyter_server's iopub limit of 1000 messages per second.
 */
export const WINDOW = 4;
