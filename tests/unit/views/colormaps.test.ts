import { LUT_SIZE, SCHEMES, isDivergingScheme, parseColor, schemeLUT, isScheme } from '../../../src/views/colormaps';
import { scheme } from 'vega';

describe('colormaps', () => {
  it('parses the colour strings vega returns', () => {
    expect(parseColor('#ff8000')).toEqual([255, 128, 0]);
    expect(parseColor('rgb(68, 1, 84)')).toEqual([68, 1, 84]);
    expect(() => parseColor('tomato')).toThrow(/unrecognised colour/);
  });
  it('builds a 256-entry RGBA table for every offered scheme, equal to vega at the ends', () => {
    for (const name of Object.values(SCHEMES)) {
      const lut = schemeLUT(name);
      expect(lut.length).toBe(LUT_SIZE * 4);
      expect(lut[3]).toBe(255);
      const interp = scheme(name) as (t: number) => string;
      const first = parseColor(interp(0));
      const last = parseColor(interp(1));
      const lo = Array.from(lut.slice(0, 3));
      const hi = Array.from(lut.slice((LUT_SIZE - 1) * 4, (LUT_SIZE - 1) * 4 + 3));
      // diverging red→blue schemes are reversed so that high values are red
      if (['redblue', 'redyellowblue', 'spectral'].includes(name)) {
        expect(lo).toEqual(last);
        expect(hi).toEqual(first);
      } else {
        expect(lo).toEqual(first);
        expect(hi).toEqual(last);
      }
    }
  });
  it('classifies schemes', () => {
    expect(isDivergingScheme('redblue')).toBe(true);
    expect(isDivergingScheme('viridis')).toBe(false);
    expect(isScheme('viridis')).toBe(true);
    expect(isScheme('<img src=x>')).toBe(false);
  });
});
