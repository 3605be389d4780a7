import { fillFromKnown, progressiveOrder } from '../../../../src/methods/landscape';

describe('progressive refinement', () => {
  it('visits every point once, coarse first, edges at every level', () => {
    expect(progressiveOrder(5, 1)).toEqual([0, 2, 4, 1, 3]);
    const order = progressiveOrder(9, 9);
    expect(new Set(order).size).toBe(81);
    // First level: stride 2 → 5 × 5 points including the corners.
    expect(order.slice(0, 25)).toContain(80);
    expect(order.slice(0, 25).every(i => (i % 9) % 2 === 0 && Math.floor(i / 9) % 2 === 0)).toBe(true);
    expect(progressiveOrder(2, 2)).toEqual([0, 1, 2, 3]);
    const big = progressiveOrder(51, 51);
    expect(new Set(big).size).toBe(51 * 51);
    expect(big.indexOf(51 * 51 - 1)).toBeLessThan(200);
  });

  it('fills unknown cells from the nearest known one', () => {
    const values = Float64Array.from([1, NaN, 3, NaN, NaN, NaN, 7, NaN, 9]);
    const known = Uint8Array.from([1, 0, 1, 0, 0, 0, 1, 0, 1]);
    const filled = fillFromKnown(values, known, 3, 3);
    expect(filled[0]).toBe(1);
    expect([1, 3]).toContain(filled[1]);
    expect([1, 3, 7, 9]).toContain(filled[4]);
    expect(values[1]).toBeNaN(); // the input is not changed
    expect(Array.from(fillFromKnown(new Float64Array(4).fill(NaN), new Uint8Array(4), 2, 2)).every(Number.isNaN)).toBe(true);
  });
});
