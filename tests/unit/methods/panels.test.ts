/**
 * panelsFromTensor and flatIndex against index arithmetic written out by hand per layout.
 * The test tensor holds its own flat index at every position, so a panel pixel's value says
 * exactly which host element it shows.
 */
import * as tf from '@tensorflow/tfjs';

import { LAYOUTS, Layout, flatIndex, isLayout, panelsFromTensor } from '../../../src/methods/panels';
import { TEST_BACKEND, assertTestBackend } from '../../jest/backend';

const N = 2;
const C = 3;
const H = 4;
const W = 5;

const SHAPES: Record<Layout, number[]> = {
  W: [W],
  HW: [H, W],
  CHW: [C, H, W],
  HWC: [H, W, C],
  NCHW: [N, C, H, W],
  NHWC: [N, H, W, C]
};

/** Row-major index of (b, c, y, x) in each layout, spelled out. */
const INDEX: Record<Layout, (b: number, c: number, y: number, x: number) => number> = {
  W: (_b, _c, _y, x) => x,
  HW: (_b, _c, y, x) => y * W + x,
  CHW: (_b, c, y, x) => (c * H + y) * W + x,
  HWC: (_b, c, y, x) => (y * W + x) * C + c,
  NCHW: (b, c, y, x) => ((b * C + c) * H + y) * W + x,
  NHWC: (b, c, y, x) => ((b * H + y) * W + x) * C + c
};

const iota = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => i);

async function read(t: tf.Tensor): Promise<number[]> {
  try {
    return Array.from(await t.data());
  } finally {
    t.dispose();
  }
}

describe(`panelsFromTensor on ${TEST_BACKEND}`, () => {
  beforeAll(assertTestBackend);

  it('knows its layouts', () => {
    expect(Object.keys(LAYOUTS)).toEqual(['W', 'HW', 'CHW', 'HWC', 'NCHW', 'NHWC']);
    expect(isLayout('NHWC')).toBe(true);
    expect(isLayout('NWHC')).toBe(false);
  });

  it.each(Object.keys(SHAPES) as Layout[])('%s: one heatmap per channel of the chosen item', async layout => {
    const shape = SHAPES[layout];
    const hasC = layout.includes('C');
    const hasN = layout.includes('N');
    const h = layout.includes('H') ? H : 1;
    const batch = hasN ? 1 : 0;
    const { panels, panelIndex, height, width } = panelsFromTensor({ shape, data: iota(shape) }, { layout, batch, channel: -1, rgb: false });
    const p = hasC ? C : 1;
    expect(panels.shape).toEqual([p, h, W]);
    expect(panels.dtype).toBe('float32');
    expect([height, width]).toEqual([h, W]);
    expect(panelIndex).toEqual(Array.from({ length: p }, (_, c) => ({ batch: hasN ? batch : null, channel: hasC ? c : null })));
    const got = await read(panels);
    const want: number[] = [];
    for (let c = 0; c < p; c++) for (let y = 0; y < h; y++) for (let x = 0; x < W; x++) want.push(INDEX[layout](batch, c, y, x));
    expect(got).toEqual(want);
  });

  it.each(['CHW', 'HWC', 'NCHW', 'NHWC'] as Layout[])('%s: a single channel', async layout => {
    const shape = SHAPES[layout];
    const batch = layout.includes('N') ? 1 : 0;
    const { panels, panelIndex } = panelsFromTensor({ shape, data: iota(shape) }, { layout, batch, channel: 2, rgb: false });
    expect(panels.shape).toEqual([1, H, W]);
    expect(panelIndex).toEqual([{ batch: layout.includes('N') ? 1 : null, channel: 2 }]);
    const want: number[] = [];
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) want.push(INDEX[layout](batch, 2, y, x));
    expect(await read(panels)).toEqual(want);
  });

  it.each([
    ['CHW', 3],
    ['HWC', 3],
    ['NCHW', 4],
    ['NHWC', 4]
  ] as [Layout, number][])('%s with %i channels: one channel-last RGB panel', async (layout, channels) => {
    const shape = SHAPES[layout].map(d => (d === C ? channels : d));
    const index = (b: number, c: number, y: number, x: number) => {
      // Same arithmetic as INDEX, with the channel count of this case.
      switch (layout) {
        case 'CHW': return (c * H + y) * W + x;
        case 'HWC': return (y * W + x) * channels + c;
        case 'NCHW': return ((b * channels + c) * H + y) * W + x;
        default: return ((b * H + y) * W + x) * channels + c;
      }
    };
    const batch = layout.includes('N') ? 1 : 0;
    const { panels, panelIndex } = panelsFromTensor({ shape, data: iota(shape) }, { layout, batch, channel: 1, rgb: true });
    expect(panels.shape).toEqual([1, H, W, channels]);
    expect(panelIndex).toEqual([{ batch: layout.includes('N') ? 1 : null, channel: null }]);
    const want: number[] = [];
    for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) for (let c = 0; c < channels; c++) want.push(index(batch, c, y, x));
    expect(await read(panels)).toEqual(want);
  });

  it('widens int32 and bool data to float32', async () => {
    const ints = panelsFromTensor({ shape: [2, 2], data: Int32Array.of(-3, 0, 7, 2 ** 20) }, { layout: 'HW', batch: 0, channel: -1, rgb: false });
    expect(ints.panels.dtype).toBe('float32');
    expect(await read(ints.panels)).toEqual([-3, 0, 7, 2 ** 20]);
    const bools = panelsFromTensor({ shape: [3], data: Uint8Array.of(1, 0, 1) }, { layout: 'W', batch: 0, channel: -1, rgb: false });
    const values = await bools.panels.data();
    expect(values).toBeInstanceOf(Float32Array);
    expect(Array.from(values)).toEqual([1, 0, 1]);
    bools.panels.dispose();
  });

  if (TEST_BACKEND === 'cpu') {
    it('uploads only the chosen batch item, as a view of the host data', () => {
      const shape = SHAPES.NCHW;
      const data = iota(shape);
      const { panels } = panelsFromTensor({ shape, data }, { layout: 'NCHW', batch: 1, channel: -1, rgb: false });
      // On the CPU backend a float32 upload keeps the very array it was given.
      const held = panels.dataSync();
      expect(held.buffer).toBe(data.buffer);
      expect(held.byteOffset).toBe(C * H * W * 4);
      expect(held.length).toBe(C * H * W);
      panels.dispose();
    });
  }

  it('rejects what the layout cannot show', () => {
    const t = { shape: SHAPES.NCHW, data: iota(SHAPES.NCHW) };
    expect(() => panelsFromTensor(t, { layout: 'CHW', batch: 0, channel: -1, rgb: false })).toThrow(/CHW needs a 3-d tensor/);
    expect(() => panelsFromTensor(t, { layout: 'NCHW', batch: 2, channel: -1, rgb: false })).toThrow(/batch 2 is out of range/);
    expect(() => panelsFromTensor(t, { layout: 'NCHW', batch: 0, channel: 3, rgb: false })).toThrow(/channel 3 is out of range/);
    const two = { shape: [2, H, W], data: iota([2, H, W]) };
    expect(() => panelsFromTensor(two, { layout: 'CHW', batch: 0, channel: -1, rgb: true })).toThrow(/3 or 4 channels/);
    const hw = { shape: [H, W], data: iota([H, W]) };
    expect(() => panelsFromTensor(hw, { layout: 'HW', batch: 0, channel: -1, rgb: true })).toThrow(/needs a channel axis/);
    expect(() => panelsFromTensor({ shape: [2, 2], data: new Float32Array(3) }, { layout: 'HW', batch: 0, channel: -1, rgb: false })).toThrow(/data length 3/);
  });

  it('leaves only the returned panels alive', async () => {
    const before = tf.memory().numTensors;
    for (const layout of Object.keys(SHAPES) as Layout[]) {
      const shape = SHAPES[layout];
      const { panels } = panelsFromTensor({ shape, data: iota(shape) }, { layout, batch: 0, channel: -1, rgb: false });
      expect(tf.memory().numTensors).toBe(before + 1);
      panels.dispose();
    }
    const { panels } = panelsFromTensor({ shape: SHAPES.NHWC, data: iota(SHAPES.NHWC) }, { layout: 'NHWC', batch: 0, channel: -1, rgb: true });
    panels.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('flatIndex', () => {
  it.each(Object.keys(SHAPES) as Layout[])('%s matches row-major index arithmetic everywhere', layout => {
    const shape = SHAPES[layout];
    const nb = layout.includes('N') ? N : 1;
    const nc = layout.includes('C') ? C : 1;
    const nh = layout.includes('H') ? H : 1;
    for (let b = 0; b < nb; b++)
      for (let c = 0; c < nc; c++)
        for (let y = 0; y < nh; y++)
          for (let x = 0; x < W; x++) {
            expect(flatIndex(shape, layout, { batch: b, channel: c, y, x })).toBe(INDEX[layout](b, c, y, x));
          }
  });

  it('ignores coordinates the layout lacks and rejects ones out of range', () => {
    expect(flatIndex([5], 'W', { batch: 9, channel: 9, y: 9, x: 3 })).toBe(3);
    expect(() => flatIndex([H, W], 'HW', { batch: 0, channel: 0, y: H, x: 0 })).toThrow(/H index 4 is out of range/);
    expect(() => flatIndex([H, W], 'CHW', { batch: 0, channel: 0, y: 0, x: 0 })).toThrow(RangeError);
  });
});
