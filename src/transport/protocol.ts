/**
 * The chunk protocol's messages (docs/transport.md §2) as types, with guards that check a
 * message's fields before anyone trusts them: comm content is plain JSON from another process.
 */
import { PayloadKind, PAYLOAD_KINDS } from './types';

/** Message types on the widget comm. */
export const MESSAGE_TYPES = {
  ready: 'nl:ready',
  begin: 'nl:begin',
  chunk: 'nl:chunk',
  ack: 'nl:ack',
  received: 'nl:received',
  error: 'nl:error'
} as const;
export type MessageType = (typeof MESSAGE_TYPES)[keyof typeof MESSAGE_TYPES];
const MESSAGE_TYPE_VALUES: readonly string[] = Object.values(MESSAGE_TYPES);
export function isMessageType(x: unknown): x is MessageType {
  return typeof x === 'string' && MESSAGE_TYPE_VALUES.includes(x);
}

export interface ReadyMessage {
  type: 'nl:ready';
}
export interface BeginMessage {
  type: 'nl:begin';
  transfer: string;
  name: string;
  kind: PayloadKind;
  nbytes: number;
  n_chunks: number;
  chunk_bytes: number;
  crc32: number | null;
}
export interface ChunkMessage {
  type: 'nl:chunk';
  transfer: string;
  seq: number;
  offset: number;
}
export interface AckMessage {
  type: 'nl:ack';
  transfer: string;
  seq: number;
}
export interface ReceivedMessage {
  type: 'nl:received';
  transfer: string;
  name: string;
  nbytes: number;
  crc32: number | null;
  ms: number;
}
export interface ErrorMessage {
  type: 'nl:error';
  transfer: string | null;
  message: string;
}
export type ProtocolMessage =
  | ReadyMessage
  | BeginMessage
  | ChunkMessage
  | AckMessage
  | ReceivedMessage
  | ErrorMessage;

/** A buffer as the comm delivers it: ipywidgets gives DataViews, tests may pass anything. */
export type WireBuffer = ArrayBuffer | ArrayBufferView;

type Json = Record<string, unknown>;

const isRecord = (x: unknown): x is Json => typeof x === 'object' && x !== null;
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0;
const isCrc = (x: unknown): x is number | null =>
  x === null || (Number.isSafeInteger(x) && (x as number) >= 0 && (x as number) <= 0xffffffff);
const isPayloadKind = (x: unknown): x is PayloadKind =>
  x === PAYLOAD_KINDS.tensor || x === PAYLOAD_KINDS.table || x === PAYLOAD_KINDS.tensors;

/**
 * The `type` of a comm message, or null when it is not a protocol message.
 *
 * @example
 * messageType({type: 'nl:ack', transfer: 't1', seq: 0}); // 'nl:ack'
 * messageType({method: 'update'});                       // null
 */
export function messageType(content: unknown): MessageType | null {
  return isRecord(content) && isMessageType(content.type) ? content.type : null;
}

/** The `transfer` id a message names, if it is a string. */
export function transferOf(content: unknown): string | null {
  return isRecord(content) && typeof content.transfer === 'string' ? content.transfer : null;
}

export function isBeginMessage(x: unknown): x is BeginMessage {
  return (
    isRecord(x) &&
    x.type === MESSAGE_TYPES.begin &&
    typeof x.transfer === 'string' &&
    typeof x.name === 'string' &&
    isPayloadKind(x.kind) &&
    isCount(x.nbytes) &&
    isCount(x.n_chunks) &&
    isCount(x.chunk_bytes) &&
    isCrc(x.crc32 ?? null)
  );
}

export function isChunkMessage(x: unknown): x is ChunkMessage {
  return (
    isRecord(x) && x.type === MESSAGE_TYPES.chunk && typeof x.transfer === 'string' && isCount(x.seq) && isCount(x.offset)
  );
}

export function isAckMessage(x: unknown): x is AckMessage {
  return isRecord(x) && x.type === MESSAGE_TYPES.ack && typeof x.transfer === 'string' && isCount(x.seq);
}

export function isReceivedMessage(x: unknown): x is ReceivedMessage {
  return (
    isRecord(x) &&
    x.type === MESSAGE_TYPES.received &&
    typeof x.transfer === 'string' &&
    isCount(x.nbytes) &&
    isCrc(x.crc32 ?? null)
  );
}

export function isErrorMessage(x: unknown): x is ErrorMessage {
  return (
    isRecord(x) &&
    x.type === MESSAGE_TYPES.error &&
    (x.transfer === null || x.transfer === undefined || typeof x.transfer === 'string') &&
    typeof x.message === 'string'
  );
}

/**
 * A byte window over any comm buffer. A DataView from the comm is a window onto a larger
 * ArrayBuffer, so its offset and length must be kept (taking `.buffer` alone reads wrong bytes).
 *
 * @example
 * bytesOf(new DataView(buf, 16, 8)); // Uint8Array over buf[16..24)
 */
export function bytesOf(buffer: WireBuffer): Uint8Array {
  return ArrayBuffer.isView(buffer)
    ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength)
    : new Uint8Array(buffer);
}
