/**
 * The browser end of docs/transport.md for one widget model: receives chunked payloads
 * from the kernel (acking each chunk), sends payloads back the same way, and reports
 * progress and errors as Backbone events on the model so that every view can show them.
 *
 * Events triggered on the model:
 *   'nl:payload' (name, kind, bytes)   'nl:progress' (name, received, total)
 *   'nl:error' (message)
 */
import type { WidgetModel } from '@jupyter-widgets/base';
import { ChunkReceiver, ChunkSender } from '../../transport/chunks';
import type { PayloadKind } from '../../transport/types';

type Buffers = (ArrayBuffer | ArrayBufferView | DataView)[];

/**
 * How long a new model waits for the kernel's first `nl:begin` before asking with `nl:ready`.
 * The kernel starts sending right after the widget opens (JupyterLab delivers those messages
 * once the model exists), which saves a round trip; a model that got nothing — a reloaded page,
 * a frontend that dropped early messages — asks, and the kernel sends everything again.
 */
export const READY_GRACE_MS = 250;

export class PayloadChannel {
  private receiver = new ChunkReceiver();
  private sender: ChunkSender;
  private disposed = false;
  private sawBegin = false;
  private readyTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(private model: WidgetModel) {
    this.sender = new ChunkSender((content, buffers) => this.model.send(content as any, {}, buffers));
    this.model.on('msg:custom', this.onMessage, this);
  }

  /** Asks the kernel for its payloads unless they start arriving within READY_GRACE_MS. */
  ready(): void {
    this.readyTimer = setTimeout(() => {
      this.readyTimer = null;
      if (!this.sawBegin && !this.disposed) {
        this.model.send({ type: 'nl:ready' }, {});
      }
    }, READY_GRACE_MS);
  }

  /** Sends a payload to the kernel in acknowledged chunks. */
  send(name: string, kind: PayloadKind, bytes: Uint8Array): Promise<void> {
    return this.sender.send(name, kind, bytes, { verify: false });
  }

  dispose(): void {
    this.disposed = true;
    if (this.readyTimer !== null) {
      clearTimeout(this.readyTimer);
      this.readyTimer = null;
    }
    this.model.off('msg:custom', this.onMessage, this);
  }

  private onMessage(content: any, buffers: Buffers): void {
    if (this.disposed || !content || typeof content.type !== 'string' || !content.type.startsWith('nl:')) {
      return;
    }
    if (content.type === 'nl:ack' || content.type === 'nl:received') {
      this.sender.handle(content);
      return;
    }
    if (content.type === 'nl:error') {
      // An error about one of our uploads rejects its promise; otherwise it concerns a download.
      if (!this.sender.handle(content)) {
        this.receiver.handle(content, []);
        this.model.trigger('nl:error', String(content.message));
      }
      return;
    }
    if (content.type !== 'nl:begin' && content.type !== 'nl:chunk') {
      return;
    }
    this.sawBegin ||= content.type === 'nl:begin';
    for (const ev of this.receiver.handle(content, buffers ?? [])) {
      if (ev.message) {
        this.model.send(ev.message as any, {});
      }
      if (ev.kind === 'progress') {
        this.model.trigger('nl:progress', ev.name, ev.received, ev.total);
      } else if (ev.kind === 'complete') {
        this.model.trigger('nl:payload', ev.name, ev.payloadKind, ev.bytes, ev);
      } else if (ev.kind === 'error') {
        this.model.trigger('nl:error', ev.error);
      }
    }
  }
}
