/**
 * examples/07-hidden-states.ipynb in JupyterLab + Chromium: a 1M-token corpus stays in the kernel and
 * the view draws its window; brushing steps on the lines selects the units on across them (answered
 * by the kernel), the ranked matches list; clicking a match moves the window there; the next
 * window arrives and draws.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNotebook, runAllCells } from './notebook';

const NOTEBOOK = 'examples/07-hidden-states.ipynb';
const SHOTS = 'test-results/e2e-artifacts';

async function state(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const v = Array.from(hook?.views ?? []).find((x: any) => x.model.get('_model_name') === 'HiddenStateViewModel') as any;
    if (!v) return null;
    const m = v.model;
    return {
      start: m.get('start'),
      winStart: m.win ? m.win.start : -1,
      vega: !!v.vegaView,
      selection: m.get('selection'),
      units: m.get('selected_units'),
      matches: m.get('matches').length,
      error: m.get('error')
    };
  });
}

/** Page coordinates of step `t` in the middle of the lines panel. */
async function stepPoint(page: Page, t: number) {
  return page.evaluate(step => {
    const hook = (globalThis as any).__netlens__;
    const v = Array.from(hook.views).find((x: any) => x.model.get('_model_name') === 'HiddenStateViewModel') as any;
    const vg = v.vegaView;
    const rect = (vg.container().querySelector('canvas') as HTMLCanvasElement).getBoundingClientRect();
    const [ox, oy] = vg.origin();
    const x = vg.scale('x') ?? vg.scale('concat_0_x');
    return { x: rect.left + ox + x(step), y: rect.top + oy + 110 };
  }, t);
}

test('07-hidden-states: window drawn, brush selects units, matches move the window', async ({ page }) => {
  test.setTimeout(600_000);
  await openNotebook(page, NOTEBOOK);
  await runAllCells(page);
  await expect.poll(async () => (await state(page))?.vega ?? false, { timeout: 300_000, intervals: [2000] }).toBe(true);
  expect((await state(page))!.error).toBe('');
  const chart = page.locator('.nl-hidden .nl-chart');
  await chart.scrollIntoViewIfNeeded();

  // Brush steps 20 … 40 on the lines.
  const a = await stepPoint(page, 19.8);
  const b = await stepPoint(page, 40.3);
  await page.mouse.move(a.x, a.y);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, a.y, { steps: 4 });
  await page.mouse.move(b.x, b.y, { steps: 4 });
  await page.mouse.up();
  // Steps 20 … 40, give or take the step at each edge (pixels → steps).
  await expect.poll(async () => (await state(page))!.selection.length, { timeout: 30_000 }).toBe(2);
  const [first, end] = (await state(page))!.selection;
  expect(Math.abs(first - 20)).toBeLessThanOrEqual(1);
  expect(Math.abs(end - 41)).toBeLessThanOrEqual(1);
  // The kernel answers with the units on across the selection (threshold lowered until some are).
  for (const threshold of ['0', '-0.3', '-1']) {
    if ((await state(page))!.units.length > 0) break;
    const input = page.locator('.nl-hidden label', { hasText: 'threshold' }).locator('input');
    await input.fill(threshold);
    await input.press('Enter');
    await page.waitForTimeout(1500);
  }
  await expect.poll(async () => (await state(page))!.units.length, { timeout: 30_000 }).toBeGreaterThan(0);
  await expect.poll(async () => (await state(page))!.matches, { timeout: 30_000 }).toBeGreaterThan(0);
  await page.locator('.nl-hidden').screenshot({ path: `${SHOTS}/hidden-select.png` });

  // A match moves the window; the new window's states arrive and draw.
  const before = (await state(page))!.start;
  await page.locator('.nl-hidden .nl-match').first().click();
  await expect.poll(async () => (await state(page))!.start, { timeout: 30_000 }).not.toBe(before);
  const s = (await state(page))!;
  await expect.poll(async () => (await state(page))!.winStart, { timeout: 60_000 }).toBe(s.start);
  await page.locator('.nl-hidden').screenshot({ path: `${SHOTS}/hidden-match.png` });
});
