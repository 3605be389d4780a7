/**
 * Reads JupyterLab's theme from the page (the --jp-* CSS variables and the
 * data-jp-theme-light attribute) and watches it for changes.
 */
import { DARK_COLORS, LIGHT_COLORS, resolveTheme, type Theme, type ThemeColors } from '../../views/theme';

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v === '' ? fallback : v;
}

/** Whether the page says light (true), dark (false) or nothing (null: not JupyterLab). */
export function pageIsLight(doc: Document = document): boolean | null {
  const attr = doc.body?.dataset?.jpThemeLight;
  return attr === undefined ? null : attr === 'true';
}

export function readThemeColors(requested: Theme, doc: Document = document): ThemeColors {
  const mode = resolveTheme(requested, pageIsLight(doc));
  const base = mode === 'light' ? LIGHT_COLORS : DARK_COLORS;
  if (requested !== 'auto' || pageIsLight(doc) === null) {
    return base;
  }
  const style = getComputedStyle(doc.body);
  return {
    light: base.light,
    background: cssVar(style, '--jp-layout-color0', base.background),
    text: cssVar(style, '--jp-ui-font-color1', base.text),
    muted: cssVar(style, '--jp-ui-font-color2', base.muted),
    border: cssVar(style, '--jp-border-color2', base.border),
    font: cssVar(style, '--jp-ui-font-family', base.font)
  };
}

/** Calls `cb` whenever JupyterLab switches theme; returns the disconnect function. */
export function watchTheme(cb: () => void, doc: Document = document): () => void {
  if (typeof MutationObserver === 'undefined' || !doc.body) {
    return () => undefined;
  }
  const obs = new MutationObserver(cb);
  obs.observe(doc.body, { attributes: true, attributeFilter: ['data-jp-theme-light', 'data-jp-theme-name'] });
  return () => obs.disconnect();
}
