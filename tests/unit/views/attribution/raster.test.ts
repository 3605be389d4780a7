/**
 * Attribution pixels: channel reductions, sign modes, percentile scaling (Captum's
 * visualize_image_attr conventions), heat colours with alpha by magnitude, input images.
 */
import { applySign, heatRGBA, imageRGBA, reduceChannels, robustScale } from '../../../../src/views/attribution';
import { schemeLUT } from '../../../../src/views/colormaps';

describe('attribution raster', () => {
  it('reduces channels by sum, sum of |·| and max |·|', () => {
    const v = new Float32Array([1, -2, 3, 4, -5, 6]); // [C=2, 3]
    expect(Array.from(reduceChannels(v, 2, 'sum'))).toEqual([5, -7, 9]);
    expect(Array.from(reduceChannels(v, 2, 'abs_sum'))).toEqual([5, 7, 9]);
    expect(Array.from(reduceChannels(v, 2, 'max_abs'))).toEqual([4, 5, 6]);
  });

  it('keeps all, positive, negative or absolute values; non-finite values become 0', () => {
    const v = [2, -3, NaN];
    expect(Array.from(applySign(v, 'all'))).toEqual([2, -3, 0]);
    expect(Array.from(applySign(v, 'positive'))).toEqual([2, 0, 0]);
    expect(Array.from(applySign(v, 'negative'))).toEqual([0, 3, 0]);
    expect(Array.from(applySign(v, 'absolute'))).toEqual([2, 3, 0]);
  });

  it('scales by the (100 − p)-th percentile of |values| (nearest rank)', () => {
    const v = Array.from({ length: 100 }, (_, i) => (i % 2 ? -1 : 1) * (i + 1));
    expect(robustScale(v, 0)).toBe(100);
    expect(robustScale(v, 2)).toBe(98);
    expect(robustScale([0, 0], 2)).toBe(0);
  });

  it('colours through the lookup table with alpha ∝ magnitude, clipped at the scale', () => {
    const lut = schemeLUT('redblue');
    const px = heatRGBA([-2, 0, 1, 4], 2, lut, true);
    expect(Array.from(px.subarray(3, 4))).toEqual([255]); // −2/2 = −1: opaque
    expect(px[7]).toBe(0); // 0: transparent
    expect(px[11]).toBe(128); // 0.5
    expect(px[15]).toBe(255); // 4/2 clipped to 1
    // Red means positive (the reversed redblue): the last entry is reddish, the first bluish.
    expect(px[12]).toBeGreaterThan(px[14]);
    expect(px[2]).toBeGreaterThan(px[0]);
  });

  it('draws inputs from their own min…max, grey for one channel', () => {
    const rgb = imageRGBA([0, 1, 2, 3, 4, 5], 3); // [3, 2]
    expect(Array.from(rgb)).toEqual([0, 102, 204, 255, 51, 153, 255, 255]);
    const grey = imageRGBA([-1, 1], 1);
    expect(Array.from(grey)).toEqual([0, 0, 0, 255, 255, 255, 255, 255]);
  });
});
