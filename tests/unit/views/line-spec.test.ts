import { compile } from 'vega-lite';
import { lineSpec } from '../../../src/views/line-spec';

describe('lineSpec', () => {
  const rows = [
    { i: 0, i1: 9, min: -1, mean: 0, max: 1 },
    { i: 10, i1: 19, min: 0, mean: 1, max: 2 }
  ];
  it('draws a band and a line for bucketed data, with bucket tooltips', () => {
    const s = lineSpec({ rows, bucketed: true, width: 600, title: 't', subtitle: 's', config: {}, color: '#000' }) as any;
    expect(s.layer[0].mark.type).toBe('area');
    expect(s.layer[2].encoding.tooltip.map((t: any) => t.title)).toEqual(['from index', 'to index', 'min', 'mean', 'max']);
    expect(() => compile(s)).not.toThrow();
  });
  it('draws just the line with exact values when not bucketed', () => {
    const s = lineSpec({ rows, bucketed: false, width: 600, title: '', subtitle: 's', config: {}, color: '#000' }) as any;
    expect(s.layer[0].mark.type).toBe('line');
    expect(s.layer[1].encoding.tooltip.map((t: any) => t.title)).toEqual(['index', 'value']);
    expect(() => compile(s)).not.toThrow();
  });
});
