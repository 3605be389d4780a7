/** Attention view builders: pair ranges, head-view lines, pooled pixels, neuron numbers, similarity spec. */
import { headColor, headLines, maxPool, neuronRows, pairRanges, similaritySpec, toRGBA, MIN_VISIBLE_WEIGHT, OPACITY_BUCKETS } from '../../../../src/views/attention';

describe('pair ranges', () => {
  it('splits queries and keys at sentence B', () => {
    expect(pairRanges('all', 4, 10, 10)).toEqual({ q0: 0, q1: 10, k0: 0, k1: 10 });
    expect(pairRanges('a->b', 4, 10, 10)).toEqual({ q0: 0, q1: 4, k0: 4, k1: 10 });
    expect(pairRanges('b->a', 4, 10, 10)).toEqual({ q0: 4, q1: 10, k0: 0, k1: 4 });
    expect(pairRanges('b->b', -1, 10, 10)).toEqual({ q0: 0, q1: 10, k0: 0, k1: 10 });
  });
});

describe('head lines', () => {
  // 1 layer, 2 heads, 2 queries, 3 keys.
  const data = Float32Array.from([0.7, 0.3, 0.0, 0.001, 0.5, 0.499, /* head 1 */ 1, 0, 0, 0, 0, 1]);
  const shape = [1, 2, 2, 3];
  const ranges = { q0: 0, q1: 2, k0: 0, k1: 3 };
  const pairs = (groups: ReturnType<typeof headLines>) => groups.flatMap(g => {
    const out: string[] = [];
    for (let i = 0; i < g.pairs.length; i += 2) out.push(`${g.head}:${g.pairs[i]}-${g.pairs[i + 1]}`);
    return out;
  }).sort();

  it('draws visible weights only, bucketed by opacity', () => {
    const groups = headLines(data, shape, 0, { heads: [0, 1], ranges });
    expect(pairs(groups)).toEqual(['0:0-0', '0:0-1', '0:1-1', '0:1-2', '1:0-0', '1:1-2']);
    expect(MIN_VISIBLE_WEIGHT).toBeGreaterThan(0.001);
    const full = groups.filter(g => g.head === 1);
    expect(full.every(g => g.opacity === 1)).toBe(true);
    expect(groups.find(g => g.pairs.join() === '0,0')!.opacity).toBeCloseTo(Math.ceil(0.7 * OPACITY_BUCKETS) / OPACITY_BUCKETS);
  });

  it('honours threshold, focus and pair ranges', () => {
    expect(pairs(headLines(data, shape, 0, { heads: [0], ranges, threshold: 0.5 }))).toEqual(['0:0-0', '0:1-1']);
    expect(pairs(headLines(data, shape, 0, { heads: [0, 1], ranges, focus: { side: 'key', index: 2 } }))).toEqual(['0:1-2', '1:1-2']);
    expect(pairs(headLines(data, shape, 0, { heads: [0], ranges, focus: { side: 'query', index: 0 } }))).toEqual(['0:0-0', '0:0-1']);
    expect(pairs(headLines(data, shape, 0, { heads: [0], ranges: { q0: 1, q1: 2, k0: 0, k1: 2 } }))).toEqual(['0:1-1']);
  });
});

describe('matrix pixels', () => {
  it('max-pools so a single sharp weight stays visible', () => {
    const m = new Float32Array(16);
    m[5] = 0.9;
    expect(Array.from(maxPool(m, 0, 4, 4, 2, 2))).toEqual([Math.fround(0.9), 0, 0, 0]);
    expect(maxPool(m, 0, 4, 4, 8, 8).length).toBe(16);
  });

  it('colours through the LUT on [0, vmax]', () => {
    const lut = new Uint8Array(256 * 4);
    for (let i = 0; i < 256; i++) lut.set([i, 0, 255 - i, 255], i * 4);
    expect(Array.from(toRGBA(Float32Array.from([0, 0.5, 1]), lut, 0.5))).toEqual([0, 0, 255, 255, 255, 0, 0, 255, 255, 0, 0, 255]);
  });

  it('gives each head its own colour', () => {
    expect(new Set(Array.from({ length: 12 }, (_, h) => headColor(h, 12))).size).toBe(12);
    expect(new Set(Array.from({ length: 8 }, (_, h) => headColor(h, 8))).size).toBe(8);
  });
});

describe('neuron view numbers', () => {
  it('q∘k, q·k/√d and a softmax that matches the attention', () => {
    // 1 layer, 1 head, 2 tokens, d = 2
    const q = Float32Array.from([1, 2, 0, 1]);
    const k = Float32Array.from([1, 0, 0.5, 1]);
    const { q: qv, rows } = neuronRows(q, k, [1, 1, 2, 2], 0, 0, 0);
    expect(Array.from(qv)).toEqual([1, 2]);
    expect(Array.from(rows[1].product)).toEqual([0.5, 2]);
    expect(rows[0].score).toBeCloseTo(1 / Math.SQRT2);
    expect(rows[1].score).toBeCloseTo(2.5 / Math.SQRT2);
    const e0 = Math.exp(1 / Math.SQRT2);
    const e1 = Math.exp(2.5 / Math.SQRT2);
    expect(rows[0].weight).toBeCloseTo(e0 / (e0 + e1));
  });
});

describe('head similarity spec', () => {
  it('orders both axes by the clustering and keeps every pair', () => {
    const spec = similaritySpec({ distances: [0, 1, 2, 1, 0, 3, 2, 3, 0], heads: 3, order: [2, 0, 1], layerName: 'L<b>0</b>' }, 200) as any;
    expect(spec.data.values).toHaveLength(9);
    expect(spec.encoding.x.sort).toEqual(['head 2', 'head 0', 'head 1']);
    expect(spec.title.text).toContain('L<b>0</b>'); // Vega draws titles as text
  });
});
