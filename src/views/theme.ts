/**
 * Vega-Lite config that follows JupyterLab's light/dark theme.
 *
 * The widget room reads the `--jp-*` CSS variables; this room turns them into a config,
 * so the mapping is testable without a browser.
 */
import type { Config } from 'vega-lite';

export const THEMES = { auto: 'auto', light: 'light', dark: 'dark' } as const;
export type Theme = (typeof THEMES)[keyof typeof THEMES];
export function isTheme(x: unknown): x is Theme {
  return typeof x === 'string' && x in THEMES;
}

/** The handful of theme colours a chart needs. */
export interface ThemeColors {
  light: boolean;
  background: string;
  text: string;
  muted: string;
  border: string;
  font: string;
}

/** Fallbacks when no JupyterLab CSS variables are present (e.g. exported HTML). */
export const LIGHT_COLORS: ThemeColors = {
  light: true,
  background: '#ffffff',
  text: 'rgba(0, 0, 0, 0.87)',
  muted: 'rgba(0, 0, 0, 0.54)',
  border: '#e0e0e0',
  font: 'system-ui, -apple-system, "Segoe UI", Helvetica, Arial, sans-serif'
};

export const DARK_COLORS: ThemeColors = {
  light: false,
  background: '#111111',
  text: 'rgba(255, 255, 255, 1)',
  muted: 'rgba(255, 255, 255, 0.54)',
  border: '#616161',
  font: LIGHT_COLORS.font
};

/** Resolves `auto` against what the page says (JupyterLab's data-jp-theme-light). */
export function resolveTheme(requested: Theme, pageIsLight: boolean | null): 'light' | 'dark' {
  if (requested !== 'auto') {
    return requested;
  }
  return pageIsLight === false ? 'dark' : 'light';
}

/**
 * @example
 * vegaLiteConfig(LIGHT_COLORS).background // '#ffffff'
 */
export function vegaLiteConfig(c: ThemeColors): Config {
  return {
    background: c.background,
    font: c.font,
    view: { stroke: null },
    title: { color: c.text, subtitleColor: c.muted, fontWeight: 'normal', anchor: 'start' },
    axis: {
      domainColor: c.border,
      gridColor: c.border,
      tickColor: c.border,
      labelColor: c.muted,
      titleColor: c.text,
      titleFontWeight: 'normal'
    },
    legend: { labelColor: c.muted, titleColor: c.text, titleFontWeight: 'normal' },
    text: { color: c.text }
  };
}
