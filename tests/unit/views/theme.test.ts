import { DARK_COLORS, LIGHT_COLORS, resolveTheme, vegaLiteConfig } from '../../../src/views/theme';

describe('theme', () => {
  it('resolves auto from the page and honours explicit choices', () => {
    expect(resolveTheme('auto', true)).toBe('light');
    expect(resolveTheme('auto', false)).toBe('dark');
    expect(resolveTheme('auto', null)).toBe('light');
    expect(resolveTheme('dark', true)).toBe('dark');
  });
  it('maps theme colours into the Vega-Lite config', () => {
    const c = vegaLiteConfig(DARK_COLORS) as any;
    expect(c.background).toBe(DARK_COLORS.background);
    expect(c.axis.labelColor).toBe(DARK_COLORS.muted);
    expect(vegaLiteConfig(LIGHT_COLORS).background).toBe('#ffffff');
  });
});
