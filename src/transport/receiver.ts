/**
 * The receiving end of the chunk protocol: assembles `nl:begin` + `nl:chunk` messages into
 * one ArrayBuffer per transfer and says what to send back. It never touches the comm itself;
 * the widget sends each event's `message` when it is not null.
 */
import { crc32 } from './crc32';
import * as msg from './messages';
import {
  AckMessage,
  BeginMessage,
  ErrorMessage,
  MESSAGE_TYPES,
  ReceivedMessage,
  WireBuffer,
  bytesOf,
  isBeginMessage,
  isChunkMessage,
  isErrorMessage,
  messageType,
  transferOf
} from './protocol';
import { PayloadKind } from './types';

/**
 * How many superseded transfer ids are remembered. Chunks of a superseded transfer that were
 * already in flight are dropped quietly instead of answered with "unknown transfer"; a sender
 * has at most WINDOW of them in flight, so a short memory is enough.
 */
const SUPERSEDED_MEMORY = 64;

/**
 * What happened on one incoming message. Every event has `message`: the protocol reply to send
 * back to the other side, or null when there is nothing to send.
 */
export type ReceiverEvent =
  | { kind: 'ack'; transfer: string; name: string; seq: number; message: AckMessage }
  | { kind: 'progress'; transfer: string; name: string; received: number; total: number; message: null }
  | {
      kind: 'complete';
      transfer: string;
      name: string;
      /** What the bytes are (`tensor`/`table`); named so because `kind` tags the event. */
      payloadKind: PayloadKind;
      /** The assembled payload: a view over one fresh ArrayBuffer, ready for decodeTensor. */
      bytes: Uint8Array;
      ms: number;
      crc32: number | null;
      message: ReceivedMessage;
    }
  | { kind: 'superseded'; transfer: string; name: string; by: string; message: null }
  | {
      kind: 'error';
      transfer: string | null;
      name: string | null;
      error: string;
      /** The `nl:error` to send back; null when the error came from the other side. */
      message: ErrorMessage | null;
    };

export interface ChunkReceiverOptions {
  /** Clock for `ms` in milliseconds; defaults to `performance.now`. */
  now?: () => number;
}

interface Incoming {
  begin: BeginMessage;
  buffer: Uint8Array;
  nextSeq: number;
  received: number;
  crc: number;
  started: number;
}

/**
 * Assembles chunked payloads.
 *
 * @example
 * const receiver = new ChunkReceiver();
 * model.on('msg:custom', (content, buffers) => {
 *   for (const e of receiver.handle(content, buffers)) {
 *     if (e.kind === 'complete') show(decodeTensor(e.bytes));
 *     if (e.message) model.send(e.message);
 *   }
 * });
 */
export class ChunkReceiver {
  private readonly transfers = new Map<string, Incoming>();
  private readonly byName = new Map<string, string>();
  private readonly superseded: string[] = [];
  private readonly now: () => number;

  constructor(options: ChunkReceiverOptions = {}) {
    this.now = options.now ?? (() => performance.now());
  }

  /** Handles one comm message; non-protocol and sender-side messages yield no events. */
  handle(content: unknown, buffers: readonly WireBuffer[] = []): ReceiverEvent[] {
    switch (messageType(content)) {
      case MESSAGE_TYPES.begin:
        return this.begin(content);
      case MESSAGE_TYPES.chunk:
        return this.chunk(content, buffers);
      case MESSAGE_TYPES.error:
        return this.remoteError(content);
      default:
        return [];
    }
  }

  /** Names of transfers still being received. */
  pending(): string[] {
    return [...this.transfers.values()].map(t => t.begin.name);
  }

  /** Drops every unfinished transfer (e.g. when the widget closes). */
  clear(): void {
    this.transfers.clear();
    this.byName.clear();
  }

  private begin(content: unknown): ReceiverEvent[] {
    if (!isBeginMessage(content)) {
      return [this.fail(transferOf(content), null, msg.malformedMessage(MESSAGE_TYPES.begin, JSON.stringify(content)))];
    }
    const events: ReceiverEvent[] = [];
    const previous = this.byName.get(content.name);
    if (previous !== undefined && previous !== content.transfer) {
      this.drop(previous);
      this.rememberSuperseded(previous);
      events.push({ kind: 'superseded', transfer: previous, name: content.name, by: content.transfer, message: null });
    }
    let buffer: Uint8Array;
    try {
      buffer = new Uint8Array(new ArrayBuffer(content.nbytes));
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      return [...events, this.fail(content.transfer, content.name, msg.allocationFailed(content.name, content.nbytes, detail))];
    }
    // A sender may leave crc32 out entirely; treat that like null (no check).
    const begin: BeginMessage = { ...content, crc32: content.crc32 ?? null };
    const incoming: Incoming = { begin, buffer, nextSeq: 0, received: 0, crc: 0, started: this.now() };
    this.transfers.set(content.transfer, incoming);
    this.byName.set(content.name, content.transfer);
    if (content.n_chunks === 0) {
      const { name, nbytes } = content;
      events.push(nbytes === 0 ? this.finish(incoming) : this.abort(incoming, msg.sizeMismatch(name, nbytes, 0)));
    }
    return events;
  }

  private chunk(content: unknown, buffers: readonly WireBuffer[]): ReceiverEvent[] {
    if (!isChunkMessage(content)) {
      return [this.fail(transferOf(content), null, msg.malformedMessage(MESSAGE_TYPES.chunk, JSON.stringify(content)))];
    }
    const t = this.transfers.get(content.transfer);
    if (t === undefined) {
      return this.superseded.includes(content.transfer)
        ? []
        : [this.fail(content.transfer, null, msg.unknownTransfer(content.transfer))];
    }
    const { name, nbytes, n_chunks: nChunks } = t.begin;
    if (buffers.length !== 1) {
      return [this.abort(t, msg.wrongBufferCount(name, buffers.length))];
    }
    if (content.seq !== t.nextSeq) {
      return [this.abort(t, msg.sequenceGap(name, t.nextSeq, content.seq))];
    }
    if (content.seq >= nChunks) {
      return [this.abort(t, msg.chunkCountMismatch(name, nChunks, content.seq + 1))];
    }
    if (content.offset !== t.received) {
      return [this.abort(t, msg.offsetMismatch(name, t.received, content.offset))];
    }
    const bytes = bytesOf(buffers[0]);
    if (t.received + bytes.byteLength > nbytes) {
      return [this.abort(t, msg.sizeMismatch(name, nbytes, t.received + bytes.byteLength))];
    }
    t.buffer.set(bytes, t.received);
    if (t.begin.crc32 !== null) {
      t.crc = crc32(bytes, t.crc); // streaming, so the check costs nothing extra at the end
    }
    t.received += bytes.byteLength;
    t.nextSeq += 1;
    // Acked only now that the bytes are copied: the sender may reuse its buffer after the ack.
    const events: ReceiverEvent[] = [
      { kind: 'ack', transfer: content.transfer, name, seq: content.seq, message: { type: MESSAGE_TYPES.ack, transfer: content.transfer, seq: content.seq } },
      { kind: 'progress', transfer: content.transfer, name, received: t.received, total: nbytes, message: null }
    ];
    if (t.nextSeq === nChunks) {
      events.push(t.received === nbytes ? this.finish(t) : this.abort(t, msg.sizeMismatch(name, nbytes, t.received)));
    }
    return events;
  }

  private remoteError(content: unknown): ReceiverEvent[] {
    if (!isErrorMessage(content) || typeof content.transfer !== 'string') {
      return [];
    }
    const t = this.transfers.get(content.transfer);
    if (t === undefined) {
      return [];
    }
    this.drop(content.transfer);
    const error = msg.remoteError(t.begin.name, content.message);
    return [{ kind: 'error', transfer: content.transfer, name: t.begin.name, error, message: null }];
  }

  private finish(t: Incoming): ReceiverEvent {
    const { transfer, name, nbytes, kind, crc32: expected } = t.begin;
    this.drop(transfer);
    const crc = expected === null ? null : t.crc;
    if (expected !== null && crc !== expected) {
      return this.fail(transfer, name, msg.crcMismatch(name, expected, t.crc));
    }
    const ms = this.now() - t.started;
    return {
      kind: 'complete',
      transfer,
      name,
      payloadKind: kind,
      bytes: t.buffer,
      ms,
      crc32: crc,
      message: { type: MESSAGE_TYPES.received, transfer, name, nbytes, crc32: crc, ms }
    };
  }

  private abort(t: Incoming, error: string): ReceiverEvent {
    this.drop(t.begin.transfer);
    return this.fail(t.begin.transfer, t.begin.name, error);
  }

  private fail(transfer: string | null, name: string | null, error: string): ReceiverEvent {
    return { kind: 'error', transfer, name, error, message: { type: MESSAGE_TYPES.error, transfer, message: error } };
  }

  private drop(transfer: string): void {
    const t = this.transfers.get(transfer);
    this.transfers.delete(transfer);
    if (t !== undefined && this.byName.get(t.begin.name) === transfer) {
      this.byName.delete(t.begin.name);
    }
  }

  private rememberSuperseded(transfer: string): void {
    this.superseded.push(transfer);
    if (this.superseded.length > SUPERSEDED_MEMORY) {
      this.superseded.shift();
    }
  }
}
