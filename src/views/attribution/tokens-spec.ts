/**
 * Token attributions: each method's row of token strings, wrapped to a width, each on a
 * background coloured by its attribution (summed over the embedding, scaled per row). Tokens are
 * Vega text marks: a token such as "<b>" shows as those three characters.
 */
import type { Config, TopLevelSpec } from 'vega-lite';

import { isReversed, type Scheme } from '../colormaps';

export const TOKEN_HEIGHT = 18;
export const TOKEN_PAD = 3;
const ROW_TITLE = 16;
const ROW_GAP = 10;

export interface TokenBox {
  text: string;
  /** value / scale, in [−1, 1] (or [0, 1]). */
  t: number;
  /** The raw attribution, for the tooltip. */
  value: number;
  x: number;
  y: number;
  width: number;
}

/**
 * Places tokens left to right, wrapping at `maxWidth`; `widths` are the measured text widths.
 *
 * @example
 * layoutTokens(['the', 'cat'], [18, 17], 400); // [{ x: 0, line: 0 }, { x: 27, line: 0 }]
 */
export function layoutTokens(widths: number[], maxWidth: number): { x: number; line: number; width: number }[] {
  let x = 0;
  let line = 0;
  return widths.map(w => {
    const box = w + 2 * TOKEN_PAD;
    if (x > 0 && x + box > maxWidth) {
      x = 0;
      line++;
    }
    const placed = { x, line, width: box };
    x += box + 2;
    return placed;
  });
}

export interface TokenRow {
  title: string;
  tokens: { text: string; t: number; value: number; x: number; line: number; width: number }[];
}

/**
 * @example
 * tokensSpec({ title: 'TextCNN', rows, width: 640, scheme: 'redblue', diverging: true, config: {} });
 */
export function tokensSpec(o: { title: string; subtitle: string; rows: TokenRow[]; width: number; scheme: Scheme; diverging: boolean; config: Config }): TopLevelSpec {
  const boxes: (TokenBox & { row: string })[] = [];
  const titles: { text: string; y: number }[] = [];
  let y = 0;
  for (const row of o.rows) {
    titles.push({ text: row.title, y });
    y += ROW_TITLE;
    const lines = row.tokens.reduce((m, t) => Math.max(m, t.line + 1), 1);
    for (const t of row.tokens) boxes.push({ text: t.text, t: t.t, value: t.value, x: t.x, y: y + t.line * (TOKEN_HEIGHT + 2), width: t.width, row: row.title });
    y += lines * (TOKEN_HEIGHT + 2) + ROW_GAP;
  }
  const lo = o.diverging ? -1 : 0;
  const colour = { field: 't', type: 'quantitative', scale: { scheme: o.scheme, domain: [lo, 1], ...(isReversed(o.scheme) ? { reverse: true } : {}) }, legend: null };
  const px = (field: string) => ({ field, type: 'quantitative', scale: null, axis: null });
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v5.json',
    title: { text: o.title, subtitle: o.subtitle, anchor: 'start' },
    width: o.width,
    height: Math.max(y, 1),
    layer: [
      {
        data: { values: boxes.map(b => ({ ...b, x2: b.x + b.width, y2: b.y + TOKEN_HEIGHT })) },
        mark: { type: 'rect', cornerRadius: 2 },
        encoding: { x: px('x'), x2: { field: 'x2' }, y: px('y'), y2: { field: 'y2' }, color: colour, tooltip: [{ field: 'text', title: 'token' }, { field: 'value', title: 'attribution', format: '.4g' }, { field: 'row', title: 'method' }] }
      },
      {
        data: { values: boxes.map(b => ({ ...b, tx: b.x + TOKEN_PAD, ty: b.y + TOKEN_HEIGHT / 2 })) },
        mark: { type: 'text', align: 'left', baseline: 'middle', fontSize: 12, font: 'monospace' },
        encoding: { x: px('tx'), y: px('ty'), text: { field: 'text' }, color: { condition: { test: 'abs(datum.t) > 0.6', value: 'white' }, value: 'black' } }
      },
      {
        data: { values: titles },
        mark: { type: 'text', align: 'left', baseline: 'top', fontSize: 11, fontWeight: 'bold' },
        encoding: { x: { value: 0 }, y: px('y'), text: { field: 'text' } }
      }
    ],
    config: o.config
  } as unknown as TopLevelSpec;
}
