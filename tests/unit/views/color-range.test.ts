import { resolveColorRange, rgbRange } from '../../../src/views/color-range';

const base = { scale: 'auto' as const, colormap: 'auto', symmetric: true, vmin: null, vmax: null };

describe('resolveColorRange', () => {
  it('uses a sequential scheme over [lo, hi] for one-signed data', () => {
    expect(resolveColorRange({ ...base, lo: 0, hi: 11 })).toEqual({ scheme: 'viridis', vmin: 0, vmax: 11, diverging: false });
  });
  it('goes diverging and symmetric around 0 for signed data', () => {
    expect(resolveColorRange({ ...base, lo: -2, hi: 1 })).toEqual({ scheme: 'redblue', vmin: -2, vmax: 2, diverging: true });
  });
  it('keeps the asymmetric range when symmetric is off', () => {
    expect(resolveColorRange({ ...base, lo: -2, hi: 1, symmetric: false })).toMatchObject({ vmin: -2, vmax: 1 });
  });
  it('follows an explicit scheme: a diverging scheme implies a diverging scale', () => {
    expect(resolveColorRange({ ...base, lo: 0, hi: 4, colormap: 'blueorange' })).toMatchObject({
      scheme: 'blueorange',
      diverging: true,
      vmin: -4,
      vmax: 4
    });
    expect(resolveColorRange({ ...base, lo: -1, hi: 4, colormap: 'magma' })).toMatchObject({ scheme: 'magma', diverging: false });
  });
  it('lets vmin/vmax override', () => {
    expect(resolveColorRange({ ...base, lo: 0, hi: 4, vmin: 1, vmax: 2 })).toMatchObject({ vmin: 1, vmax: 2 });
  });
  it('never returns an empty domain for constant data', () => {
    const r = resolveColorRange({ ...base, lo: 3, hi: 3 });
    expect(r.vmax).toBeGreaterThan(r.vmin);
    expect(r.vmin).toBeLessThan(3);
    const z = resolveColorRange({ ...base, lo: 0, hi: 0 });
    expect([z.vmin, z.vmax]).toEqual([-1, 1]);
  });
  it('treats non-finite statistics (all-NaN tensor) as [0, 1]', () => {
    expect(resolveColorRange({ ...base, lo: NaN, hi: NaN })).toMatchObject({ vmin: 0, vmax: 1 });
  });
});

describe('rgbRange', () => {
  it('is [0, 255] for integer or >1 images and [0, 1] otherwise', () => {
    expect(rgbRange(true, 200, null, null)).toEqual([0, 255]);
    expect(rgbRange(false, 3.5, null, null)).toEqual([0, 255]);
    expect(rgbRange(false, 0.9, null, null)).toEqual([0, 1]);
    expect(rgbRange(false, 0.9, -1, 1)).toEqual([-1, 1]);
  });
});
