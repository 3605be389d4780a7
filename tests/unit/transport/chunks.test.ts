import { decodeTensor, encodeTensor } from '../../../src/transport/arrow';
import { CHUNK_BYTES, ChunkReceiver, ChunkSender, ReceiverEvent, WINDOW } from '../../../src/transport/chunks';
import { crc32 } from '../../../src/transport/crc32';
import { TransportError } from '../../../src/transport/errors';
import { BeginMessage, ProtocolMessage } from '../../../src/transport/protocol';

const bytesOf = (n: number, seed = 1): Uint8Array => {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = (i * 31 + seed * 7) & 0xff;
  }
  return out;
};

const begin = (over: Partial<BeginMessage> = {}): BeginMessage => ({
  type: 'nl:begin',
  transfer: 't1',
  name: 'x',
  kind: 'tensor',
  nbytes: 10,
  n_chunks: 3,
  chunk_bytes: 4,
  crc32: null,
  ...over
});

const chunk = (transfer: string, seq: number, offset: number) => ({ type: 'nl:chunk', transfer, seq, offset });

/** Feeds `payload` in chunks of `size` and returns all events. */
function feed(r: ChunkReceiver, transfer: string, payload: Uint8Array, size: number, first = 0): ReceiverEvent[] {
  const events: ReceiverEvent[] = [];
  for (let seq = first, off = first * size; off < payload.length; seq++, off += size) {
    events.push(...r.handle(chunk(transfer, seq, off), [payload.slice(off, off + size)]));
  }
  return events;
}

const only = <K extends ReceiverEvent['kind']>(events: ReceiverEvent[], kind: K) =>
  events.filter((e): e is Extract<ReceiverEvent, { kind: K }> => e.kind === kind);

describe('ChunkReceiver', () => {
  it('assembles in-order chunks, acks each one and reports progress and completion', () => {
    let clock = 100;
    const r = new ChunkReceiver({ now: () => clock });
    const payload = bytesOf(10);
    expect(r.handle(begin(), [])).toEqual([]);
    clock = 125;
    const events = feed(r, 't1', payload, 4);
    expect(only(events, 'ack').map(e => e.message)).toEqual([0, 1, 2].map(seq => ({ type: 'nl:ack', transfer: 't1', seq })));
    expect(only(events, 'progress').map(e => [e.received, e.total])).toEqual([[4, 10], [8, 10], [10, 10]]);
    const [done] = only(events, 'complete');
    expect(Array.from(done.bytes)).toEqual(Array.from(payload));
    expect(done).toMatchObject({ name: 'x', payloadKind: 'tensor', ms: 25, crc32: null });
    expect(done.message).toEqual({ type: 'nl:received', transfer: 't1', name: 'x', nbytes: 10, crc32: null, ms: 25 });
    // The payload owns one fresh, aligned ArrayBuffer: decodeTensor can view it in place.
    expect(done.bytes.byteOffset).toBe(0);
    expect(done.bytes.buffer.byteLength).toBe(10);
    expect(r.pending()).toEqual([]);
  });

  it('reads DataView windows by their offset and length, not their whole buffer', () => {
    const r = new ChunkReceiver();
    const payload = bytesOf(10, 5);
    r.handle(begin(), []);
    const events: ReceiverEvent[] = [];
    for (let seq = 0; seq < 3; seq++) {
      const part = payload.subarray(seq * 4, seq * 4 + 4);
      const host = new ArrayBuffer(64);
      new Uint8Array(host).fill(0xee);
      new Uint8Array(host, 13, part.length).set(part);
      events.push(...r.handle(chunk('t1', seq, seq * 4), [new DataView(host, 13, part.length)]));
    }
    expect(Array.from(only(events, 'complete')[0].bytes)).toEqual(Array.from(payload));
  });

  it('accepts ArrayBuffers and typed-array subviews as chunk buffers', () => {
    const r = new ChunkReceiver();
    const payload = bytesOf(10, 9);
    r.handle(begin(), []);
    const big = new Uint8Array(32);
    big.set(payload.subarray(4, 8), 20);
    const events = [
      ...r.handle(chunk('t1', 0, 0), [payload.slice(0, 4).buffer]),
      ...r.handle(chunk('t1', 1, 4), [big.subarray(20, 24)]),
      ...r.handle(chunk('t1', 2, 8), [new Uint16Array(payload.slice(8, 10).buffer)])
    ];
    expect(Array.from(only(events, 'complete')[0].bytes)).toEqual(Array.from(payload));
  });

  it('turns a gap in the sequence into an nl:error and forgets the transfer', () => {
    const r = new ChunkReceiver();
    r.handle(begin(), []);
    r.handle(chunk('t1', 0, 0), [new Uint8Array(4)]);
    const [err] = r.handle(chunk('t1', 2, 8), [new Uint8Array(2)]);
    expect(err.kind).toBe('error');
    expect(err.message).toEqual({ type: 'nl:error', transfer: 't1', message: expect.stringContaining('expected chunk 1 but got 2') });
    const [late] = r.handle(chunk('t1', 1, 4), [new Uint8Array(4)]);
    expect(late).toMatchObject({ kind: 'error', error: expect.stringContaining('unknown transfer') });
  });

  it('rejects chunks of a transfer it never saw begin', () => {
    const [err] = new ChunkReceiver().handle(chunk('nope', 0, 0), [new Uint8Array(1)]);
    expect(err).toMatchObject({ kind: 'error', transfer: 'nope', message: { type: 'nl:error', transfer: 'nope' } });
  });

  it('fails on size mismatches: too many bytes, too few bytes, wrong offset, wrong buffer count', () => {
    const tooMany = new ChunkReceiver();
    tooMany.handle(begin(), []);
    feed(tooMany, 't1', new Uint8Array(8), 4);
    expect(tooMany.handle(chunk('t1', 2, 8), [new Uint8Array(4)])[0]).toMatchObject({ kind: 'error', error: expect.stringContaining('announced 10 bytes but chunks carry 12') });

    const tooFew = new ChunkReceiver();
    tooFew.handle(begin(), []);
    const events = feed(tooFew, 't1', new Uint8Array(9), 4);
    expect(only(events, 'error')[0].error).toContain('announced 10 bytes but chunks carry 9');
    expect(only(events, 'complete')).toEqual([]);

    const badOffset = new ChunkReceiver();
    badOffset.handle(begin(), []);
    expect(badOffset.handle(chunk('t1', 0, 2), [new Uint8Array(4)])[0]).toMatchObject({ kind: 'error', error: expect.stringContaining('start at byte 0') });

    const twoBuffers = new ChunkReceiver();
    twoBuffers.handle(begin(), []);
    expect(twoBuffers.handle(chunk('t1', 0, 0), [new Uint8Array(2), new Uint8Array(2)])[0]).toMatchObject({ kind: 'error', error: expect.stringContaining('exactly one buffer') });
  });

  it('checks CRC-32 when the sender gives one, and echoes its own', () => {
    const payload = bytesOf(10, 3);
    const good = new ChunkReceiver();
    good.handle(begin({ crc32: crc32(payload) }), []);
    const [done] = only(feed(good, 't1', payload, 4), 'complete');
    expect(done.crc32).toBe(crc32(payload));
    expect(done.message.crc32).toBe(crc32(payload));

    const bad = new ChunkReceiver();
    bad.handle(begin({ crc32: (crc32(payload) ^ 1) >>> 0 }), []);
    const events = feed(bad, 't1', payload, 4);
    expect(only(events, 'complete')).toEqual([]);
    expect(only(events, 'error')[0]).toMatchObject({ error: expect.stringContaining('CRC-32 mismatch'), message: { type: 'nl:error', transfer: 't1' } });
  });

  it('treats a begin without a crc32 field like crc32: null', () => {
    const r = new ChunkReceiver();
    const { crc32: _omitted, ...withoutCrc } = begin();
    r.handle(withoutCrc, []);
    const [done] = only(feed(r, 't1', bytesOf(10), 4), 'complete');
    expect(done.crc32).toBeNull();
  });

  it('lets a new begin with the same name supersede an unfinished transfer', () => {
    const r = new ChunkReceiver();
    r.handle(begin({ transfer: 'old' }), []);
    r.handle(chunk('old', 0, 0), [new Uint8Array(4)]);
    const [sup] = r.handle(begin({ transfer: 'new', nbytes: 3, n_chunks: 1 }), []);
    expect(sup).toEqual({ kind: 'superseded', transfer: 'old', name: 'x', by: 'new', message: null });
    // Chunks of the old transfer still in flight are dropped quietly, not answered with errors.
    expect(r.handle(chunk('old', 1, 4), [new Uint8Array(4)])).toEqual([]);
    const [done] = only(r.handle(chunk('new', 0, 0), [new Uint8Array([1, 2, 3])]), 'complete');
    expect(Array.from(done.bytes)).toEqual([1, 2, 3]);
  });

  it('completes an empty payload on begin and refuses a begin that promises bytes in no chunks', () => {
    const [done] = new ChunkReceiver().handle(begin({ nbytes: 0, n_chunks: 0 }), []);
    expect(done).toMatchObject({ kind: 'complete', bytes: new Uint8Array(0) });
    const [err] = new ChunkReceiver().handle(begin({ nbytes: 5, n_chunks: 0 }), []);
    expect(err.kind).toBe('error');
  });

  it('answers malformed protocol messages with nl:error and ignores foreign ones', () => {
    const r = new ChunkReceiver();
    const [err] = r.handle({ type: 'nl:begin', transfer: 't9', name: 'x', kind: 'image', nbytes: 1 }, []);
    expect(err).toMatchObject({ kind: 'error', transfer: 't9', message: { type: 'nl:error', transfer: 't9' } });
    expect(r.handle({ type: 'something-else' }, [])).toEqual([]);
    expect(r.handle(null, [])).toEqual([]);
    expect(r.handle({ type: 'nl:ack', transfer: 't9', seq: 0 }, [])).toEqual([]);
  });

  it('drops a transfer the sender reports as failed, without answering back', () => {
    const r = new ChunkReceiver();
    r.handle(begin(), []);
    const [err] = r.handle({ type: 'nl:error', transfer: 't1', message: 'kernel gave up' }, []);
    expect(err).toMatchObject({ kind: 'error', name: 'x', message: null, error: expect.stringContaining('kernel gave up') });
    expect(r.pending()).toEqual([]);
  });
});

/** A sender whose posts are recorded, and helpers to answer them. */
function recordingSender(options: { chunkBytes?: number; window?: number } = {}) {
  const posts: { content: ProtocolMessage; buffers: ArrayBuffer[] }[] = [];
  let id = 0;
  const sender = new ChunkSender((content, buffers) => posts.push({ content, buffers }), {
    ...options,
    newTransferId: () => `s${id++}`
  });
  const chunks = () => posts.filter(p => p.content.type === 'nl:chunk');
  return { sender, posts, chunks };
}

describe('ChunkSender', () => {
  it('keeps at most `window` chunks unacknowledged and resolves on nl:received', async () => {
    const { sender, posts, chunks } = recordingSender({ chunkBytes: 4, window: 2 });
    const payload = bytesOf(18);
    const done = sender.send('x', 'tensor', payload);
    expect(posts[0].content).toEqual({ type: 'nl:begin', transfer: 's0', name: 'x', kind: 'tensor', nbytes: 18, n_chunks: 5, chunk_bytes: 4, crc32: null });
    expect(chunks().length).toBe(2);
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 0 });
    expect(chunks().length).toBe(3);
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 1 });
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 2 });
    expect(chunks().length).toBe(5);
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 3 });
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 4 });
    expect(chunks().length).toBe(5);
    // Each chunk is its own ArrayBuffer holding exactly its bytes (see Post for why).
    const sent = chunks().map(p => {
      expect(p.buffers).toHaveLength(1);
      expect(p.buffers[0]).toBeInstanceOf(ArrayBuffer);
      return Array.from(new Uint8Array(p.buffers[0]));
    });
    expect(sent.flat()).toEqual(Array.from(payload));
    expect(chunks().map(p => p.content)).toEqual([0, 1, 2, 3, 4].map(seq => ({ type: 'nl:chunk', transfer: 's0', seq, offset: seq * 4 })));
    expect(sender.owns('s0')).toBe(true);
    expect(sender.handle({ type: 'nl:received', transfer: 's0', name: 'x', nbytes: 18, crc32: null, ms: 1 })).toBe(true);
    await expect(done).resolves.toBeUndefined();
    expect(sender.owns('s0')).toBe(false);
    expect(sender.pending()).toEqual([]);
  });

  it('sends a CRC-32 when asked to verify and rejects a receiver that computed another', async () => {
    const { sender, posts } = recordingSender({ chunkBytes: 8 });
    const payload = bytesOf(8);
    const ok = sender.send('a', 'table', payload, { verify: true });
    expect((posts[0].content as BeginMessage).crc32).toBe(crc32(payload));
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 0 });
    sender.handle({ type: 'nl:received', transfer: 's0', name: 'a', nbytes: 8, crc32: crc32(payload), ms: 1 });
    await expect(ok).resolves.toBeUndefined();

    const bad = sender.send('b', 'table', payload, { verify: true });
    sender.handle({ type: 'nl:received', transfer: 's1', name: 'b', nbytes: 8, crc32: 123, ms: 1 });
    await expect(bad).rejects.toThrow(/CRC-32 mismatch/);
  });

  it('rejects on nl:error for its transfer, and all transfers on an nl:error naming none', async () => {
    const { sender } = recordingSender({ chunkBytes: 4 });
    const one = sender.send('a', 'tensor', bytesOf(8));
    expect(sender.handle({ type: 'nl:error', transfer: 's0', message: 'disk full' })).toBe(true);
    await expect(one).rejects.toThrow(TransportError);
    await expect(one).rejects.toThrow(/disk full/);
    const two = sender.send('b', 'tensor', bytesOf(8));
    const three = sender.send('c', 'tensor', bytesOf(8));
    sender.handle({ type: 'nl:error', transfer: null, message: 'comm broke' });
    await expect(two).rejects.toThrow(/comm broke/);
    await expect(three).rejects.toThrow(/comm broke/);
    expect(sender.handle({ type: 'nl:error', transfer: 'other', message: 'not ours' })).toBe(false);
  });

  it('supersedes an unfinished send with the same name and ignores its late acks', async () => {
    const { sender, chunks } = recordingSender({ chunkBytes: 4, window: 1 });
    const first = sender.send('x', 'tensor', bytesOf(12));
    const second = sender.send('x', 'tensor', bytesOf(4));
    await expect(first).rejects.toThrow(/superseded/);
    const before = chunks().length;
    expect(sender.handle({ type: 'nl:ack', transfer: 's0', seq: 0 })).toBe(false);
    expect(chunks().length).toBe(before);
    sender.handle({ type: 'nl:ack', transfer: 's1', seq: 0 });
    sender.handle({ type: 'nl:received', transfer: 's1', name: 'x', nbytes: 4, crc32: null, ms: 0 });
    await expect(second).resolves.toBeUndefined();
  });

  it('fails a transfer on an out-of-order ack and tells the receiver', async () => {
    const { sender, posts } = recordingSender({ chunkBytes: 4 });
    const p = sender.send('x', 'tensor', bytesOf(12));
    sender.handle({ type: 'nl:ack', transfer: 's0', seq: 1 });
    await expect(p).rejects.toThrow(/expected an ack for chunk 0 but got 1/);
    expect(posts[posts.length - 1].content).toMatchObject({ type: 'nl:error', transfer: 's0' });
  });

  it('rejects unfinished transfers when disposed', async () => {
    const { sender } = recordingSender();
    const p = sender.send('x', 'tensor', bytesOf(3));
    sender.dispose();
    await expect(p).rejects.toThrow(/disposed/);
  });

  it('uses the protocol limits by default', () => {
    expect(CHUNK_BYTES).toBe(8 * 1024 * 1024 - 64 * 1024);
    expect(WINDOW).toBe(4);
    const { sender, posts, chunks } = recordingSender();
    void sender.send('x', 'tensor', new Uint8Array(CHUNK_BYTES * 6 + 1)).catch(() => undefined);
    expect((posts[0].content as BeginMessage).chunk_bytes).toBe(CHUNK_BYTES);
    expect((posts[0].content as BeginMessage).n_chunks).toBe(7);
    expect(chunks().length).toBe(WINDOW);
    sender.dispose();
  });
});

/**
 * Wires a sender to a receiver in memory; replies travel back asynchronously, like a comm.
 * Records how many chunks were ever in flight at once.
 */
function pipe(options: { chunkBytes?: number; window?: number } = {}) {
  const receiver = new ChunkReceiver();
  const completed: Extract<ReceiverEvent, { kind: 'complete' }>[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const sender: ChunkSender = new ChunkSender((content, buffers) => {
    if (content.type === 'nl:chunk') {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
    }
    for (const e of receiver.handle(content, buffers)) {
      if (e.kind === 'complete') {
        completed.push(e);
      }
      if (e.message !== null) {
        const reply = e.message;
        setImmediate(() => {
          if (reply.type === 'nl:ack') {
            inFlight--; // in flight until the sender has seen the ack
          }
          sender.handle(reply);
        });
      }
    }
  }, options);
  return { sender, receiver, completed, maxInFlight: () => maxInFlight };
}

describe('ChunkSender → ChunkReceiver', () => {
  it('moves a 100 MB payload intact with the default limits, never more than WINDOW chunks in flight', async () => {
    const n = 100 * 1000 * 1000;
    const payload = new Uint8Array(n);
    const block = bytesOf(1 << 16, 13);
    for (let off = 0; off < n; off += block.length) {
      payload.set(block.subarray(0, Math.min(block.length, n - off)), off);
    }
    const { sender, completed, maxInFlight } = pipe();
    const t0 = performance.now();
    await sender.send('big', 'tensor', payload, { verify: true });
    const ms = performance.now() - t0;
    console.log(`100 MB through sender → receiver (with CRC both ends): ${ms.toFixed(0)} ms`);
    expect(completed).toHaveLength(1);
    const got = completed[0].bytes;
    expect(got.byteLength).toBe(n);
    expect(Buffer.compare(Buffer.from(got.buffer, got.byteOffset, got.byteLength), Buffer.from(payload.buffer))).toBe(0);
    expect(completed[0].crc32).toBe(crc32(payload));
    expect(maxInFlight()).toBeLessThanOrEqual(WINDOW);
    expect(maxInFlight()).toBe(WINDOW);
  });

  it('delivers an encoded tensor that decodes in place on the receiving side', async () => {
    const data = Float32Array.from({ length: 1000 }, (_, i) => i / 3);
    const bytes = encodeTensor({ shape: [10, 100], dtype: 'float32', data, dimNames: ['H', 'W'], sourceDtype: 'float64' });
    const { sender, completed } = pipe({ chunkBytes: 333, window: 3 });
    await sender.send('t', 'tensor', bytes, { verify: true });
    const received = completed[0].bytes;
    const t = decodeTensor(received);
    expect(t.shape).toEqual([10, 100]);
    expect(t.sourceDtype).toBe('float64');
    expect(t.data.buffer).toBe(received.buffer);
    expect(Array.from(t.data)).toEqual(Array.from(data));
  });
});
