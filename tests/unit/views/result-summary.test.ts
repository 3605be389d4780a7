import { summarizeResults } from '../../../src/views/result-summary';

describe('summarizeResults', () => {
  it('gives shape, finite min/mean/max, and top-k of row 0 for outputs', () => {
    const rows = summarizeResults(
      new Map([
        ['output:0', { shape: [2, 4], dtype: 'float32', data: [0.5, 3, -1, 2, 9, 9, 9, 9] }],
        ['tap:layer1', { shape: [3], dtype: 'float32', data: [1, NaN, 3] }]
      ]),
      2
    );
    expect(rows[0].top).toEqual([{ index: 1, value: 3 }, { index: 3, value: 2 }]);
    expect(rows[0].max).toBe(9);
    expect(rows[1]).toEqual({ name: 'tap:layer1', shape: [3], min: 1, mean: 2, max: 3, top: [] });
  });
});
