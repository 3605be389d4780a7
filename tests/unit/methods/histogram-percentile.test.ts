import { histogramPercentile } from '../../../src/methods/histogram-percentile';

describe('histogramPercentile', () => {
  it('interpolates evenly inside a bin and hits min and max at the ends', () => {
    const counts = Float64Array.of(1, 1, 1, 1); // values spread over [0, 4]
    expect(histogramPercentile(counts, 0, 4, 4, 0)).toBe(0);
    expect(histogramPercentile(counts, 0, 4, 4, 100)).toBe(4);
    expect(histogramPercentile(counts, 0, 4, 4, 50)).toBe(2); // between the 2nd (1.5) and 3rd (2.5)
  });

  it('interpolates across empty bins between two order statistics like numpy', () => {
    // values {0, 0, 100, 100}: numpy.percentile(50) = 50
    const counts = new Float64Array(100);
    counts[0] = 2;
    counts[99] = 2;
    expect(Math.abs(histogramPercentile(counts, 0, 100, 4, 50) - 50)).toBeLessThanOrEqual(1);
  });

  it('is NaN without values', () => {
    expect(histogramPercentile(new Float64Array(4), 0, 1, 0, 10)).toBeNaN();
  });
});
