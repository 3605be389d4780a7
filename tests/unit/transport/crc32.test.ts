import { crc32 } from '../../../src/transport/crc32';

const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Bit-at-a-time CRC-32 straight from the definition, to check the sliced tables against. */
function referenceCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) {
      c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
    }
  }
  return (c ^ 0xffffffff) >>> 0;
}

function pseudoRandomBytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

describe('crc32 (zlib polynomial)', () => {
  it.each([
    ['', 0x00000000],
    ['a', 0xe8b7be43],
    ['123456789', 0xcbf43926],
    ['The quick brown fox jumps over the lazy dog', 0x414fa339]
  ])('matches zlib.crc32 for %j', (text, expected) => {
    expect(crc32(ascii(text))).toBe(expected);
  });

  it('agrees with the bitwise definition for every length around the 8-byte slicing', () => {
    const data = pseudoRandomBytes(100);
    for (let n = 0; n <= data.length; n++) {
      expect(crc32(data.subarray(0, n))).toBe(referenceCrc32(data.subarray(0, n)));
    }
  });

  it('continues from a previous value like zlib.crc32(data, value)', () => {
    const data = pseudoRandomBytes(10_001, 7);
    const whole = crc32(data);
    let streamed = 0;
    for (let off = 0; off < data.length; off += 777) {
      streamed = crc32(data.subarray(off, off + 777), streamed);
    }
    expect(streamed).toBe(whole);
  });

  it('reads only the window of a subarray', () => {
    const data = pseudoRandomBytes(64, 3);
    const copy = data.slice(5, 40);
    expect(crc32(data.subarray(5, 40))).toBe(crc32(copy));
  });

  it('is fast enough for large payloads', () => {
    const n = 64 * 1024 * 1024;
    const block = pseudoRandomBytes(1 << 20, 11);
    const data = new Uint8Array(n);
    for (let off = 0; off < n; off += block.length) {
      data.set(block, off);
    }
    const t0 = performance.now();
    const value = crc32(data);
    const ms = performance.now() - t0;
    // 200 MB must stay around a second; allow slow CI machines a wide margin.
    console.log(`crc32: ${((n / 1e6) / (ms / 1e3)).toFixed(0)} MB/s over ${n / 1e6} MB`);
    expect(value).toBeGreaterThanOrEqual(0);
    expect(ms).toBeLessThan(3000);
  });
});
