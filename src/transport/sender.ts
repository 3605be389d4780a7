/**
 * The sending end of the chunk protocol: splits a payload into numbered chunks, keeps at most
 * a window of them unacknowledged, and settles when the receiver confirms (`nl:received`) or
 * refuses (`nl:error`). The comm is injected as `post`, so this runs the same under tests.
 */
import { crc32 } from './crc32';
import { CHUNK_BYTES, WINDOW } from './limits';
import { TransportError } from './errors';
import * as msg from './messages';
import {
  BeginMessage,
  ChunkMessage,
  MESSAGE_TYPES,
  ProtocolMessage,
  isAckMessage,
  isErrorMessage,
  isReceivedMessage,
  messageType
} from './protocol';
import { PayloadKind } from './types';

/**
 * Posts one protocol message. Buffers are whole ArrayBuffers on purpose: @jupyterlab/services
 * serialises a typed-array view by its `.buffer`, so a view onto part of a larger buffer would
 * send the wrong bytes.
 */
export type Post = (content: ProtocolMessage, buffers: ArrayBuffer[]) => void;

export interface ChunkSenderOptions {
  /** Payload bytes per chunk message (default CHUNK_BYTES). */
  chunkBytes?: number;
  /** Chunks in flight before waiting for an ack (default WINDOW). */
  window?: number;
  /** Makes transfer ids; the default is unique within the page. */
  newTransferId?: () => string;
}

export interface SendOptions {
  /** Send a CRC-32 in `nl:begin`, so the receiver checks it, and check the one it echoes. */
  verify?: boolean;
}

interface Outgoing {
  transfer: string;
  name: string;
  bytes: Uint8Array;
  nChunks: number;
  /** Chunks posted so far. */
  sent: number;
  /** Chunks acknowledged so far (acks arrive in order). */
  acked: number;
  crc: number | null;
  resolve: () => void;
  reject: (e: Error) => void;
}

let transferCounter = 0;
const defaultTransferId = (): string => `js-${Date.now().toString(36)}-${(transferCounter++).toString(36)}`;

/**
 * Sends payloads in acknowledged chunks.
 *
 * @example
 * const sender = new ChunkSender((content, buffers) => model.send(content, {}, buffers));
 * model.on('msg:custom', content => sender.handle(content));
 * await sender.send('attribution', 'tensor', encodeTensor(result), {verify: true});
 */
export class ChunkSender {
  private readonly transfers = new Map<string, Outgoing>();
  private readonly byName = new Map<string, string>();
  private readonly newTransferId: () => string;
  private readonly chunkBytes: number;
  private readonly window: number;

  constructor(
    private readonly post: Post,
    options: ChunkSenderOptions = {}
  ) {
    this.newTransferId = options.newTransferId ?? defaultTransferId;
    this.chunkBytes = options.chunkBytes ?? CHUNK_BYTES;
    this.window = options.window ?? WINDOW;
  }

  /**
   * Sends `bytes` under `name`; resolves once the receiver confirms the whole payload.
   * A second send with the same name supersedes (rejects) the first.
   */
  send(name: string, kind: PayloadKind, bytes: Uint8Array, options: SendOptions = {}): Promise<void> {
    const previous = this.byName.get(name);
    if (previous !== undefined) {
      this.settle(previous, new TransportError(msg.superseded(name)));
    }
    const { chunkBytes } = this;
    const transfer = this.newTransferId();
    const nChunks = Math.ceil(bytes.byteLength / chunkBytes);
    const crc = options.verify ? crc32(bytes) : null;
    return new Promise<void>((resolve, reject) => {
      const t: Outgoing = { transfer, name, bytes, nChunks, sent: 0, acked: 0, crc, resolve, reject };
      this.transfers.set(transfer, t);
      this.byName.set(name, transfer);
      const begin: BeginMessage = {
        type: MESSAGE_TYPES.begin,
        transfer,
        name,
        kind,
        nbytes: bytes.byteLength,
        n_chunks: nChunks,
        chunk_bytes: chunkBytes,
        crc32: crc
      };
      this.post(begin, []);
      this.fill(t);
    });
  }

  /**
   * Consumes `nl:ack`, `nl:received` and `nl:error` for this sender's transfers.
   * Returns true when the message was one of them.
   */
  handle(content: unknown): boolean {
    switch (messageType(content)) {
      case MESSAGE_TYPES.ack:
        return isAckMessage(content) && this.onAck(content.transfer, content.seq);
      case MESSAGE_TYPES.received:
        return isReceivedMessage(content) && this.onReceived(content.transfer, content.nbytes, content.crc32 ?? null);
      case MESSAGE_TYPES.error:
        return isErrorMessage(content) && this.onError(content.transfer ?? null, content.message);
      default:
        return false;
    }
  }

  /** True while `transfer` is one of this sender's unfinished transfers. */
  owns(transfer: string | null | undefined): boolean {
    return typeof transfer === 'string' && this.transfers.has(transfer);
  }

  /** Names of transfers not yet confirmed. */
  pending(): string[] {
    return [...this.byName.keys()];
  }

  /** Rejects every unfinished transfer (e.g. when the widget closes). */
  dispose(): void {
    for (const t of [...this.transfers.values()]) {
      this.settle(t.transfer, new TransportError(msg.senderDisposed(t.name)));
    }
  }

  /** Posts chunks until the window is full or all are out. */
  private fill(t: Outgoing): void {
    const { chunkBytes, window } = this;
    while (t.sent < t.nChunks && t.sent - t.acked < window && this.transfers.has(t.transfer)) {
      const offset = t.sent * chunkBytes;
      const end = Math.min(offset + chunkBytes, t.bytes.byteLength);
      const chunk: ChunkMessage = { type: MESSAGE_TYPES.chunk, transfer: t.transfer, seq: t.sent, offset };
      t.sent += 1;
      this.post(chunk, [standalone(t.bytes, offset, end)]);
    }
  }

  private onAck(transfer: string, seq: number): boolean {
    const t = this.transfers.get(transfer);
    if (t === undefined) {
      return false;
    }
    if (seq !== t.acked || seq >= t.sent) {
      const error = msg.unexpectedAck(t.name, t.acked, seq);
      this.post({ type: MESSAGE_TYPES.error, transfer, message: error }, []);
      this.settle(transfer, new TransportError(error));
      return true;
    }
    t.acked += 1;
    this.fill(t);
    return true;
  }

  private onReceived(transfer: string, nbytes: number, crc: number | null): boolean {
    const t = this.transfers.get(transfer);
    if (t === undefined) {
      return false;
    }
    if (nbytes !== t.bytes.byteLength) {
      this.settle(transfer, new TransportError(msg.receivedMismatch(t.name, `${nbytes} of ${t.bytes.byteLength} bytes`)));
    } else if (t.crc !== null && crc !== t.crc) {
      this.settle(transfer, new TransportError(msg.crcMismatch(t.name, t.crc, crc ?? 0)));
    } else {
      this.settle(transfer, null);
    }
    return true;
  }

  private onError(transfer: string | null, message: string): boolean {
    // An error naming no transfer cannot be matched, so it fails all of ours rather than leave them hanging.
    const targets = transfer === null ? [...this.transfers.keys()] : [transfer];
    let handled = false;
    for (const id of targets) {
      const t = this.transfers.get(id);
      if (t !== undefined) {
        this.settle(id, new TransportError(msg.remoteError(t.name, message)));
        handled = true;
      }
    }
    return handled;
  }

  private settle(transfer: string, error: Error | null): void {
    const t = this.transfers.get(transfer);
    if (t === undefined) {
      return;
    }
    this.transfers.delete(transfer);
    if (this.byName.get(t.name) === transfer) {
      this.byName.delete(t.name);
    }
    if (error === null) {
      t.resolve();
    } else {
      t.reject(error);
    }
  }
}

/** Bytes [start, end) as an ArrayBuffer of their own (see Post); no copy when they already are one. */
function standalone(bytes: Uint8Array, start: number, end: number): ArrayBuffer {
  const whole = bytes.byteOffset === 0 && start === 0 && end === bytes.byteLength && bytes.buffer.byteLength === end;
  if (whole && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice(start, end).buffer as ArrayBuffer;
}
