/**
 * Helpers to drive a notebook in JupyterLab like a user: open it, run all cells, and
 * find netlens views (through the page's `__netlens__` debug hook) to read values back.
 */
import { expect, type Page } from '@playwright/test';
import { readServer } from './jupyter-server';

export async function openNotebook(page: Page, relPath: string): Promise<void> {
  const { url, token } = readServer();
  // `reset`: a fresh workspace, so notebooks another test opened do not come back as tabs.
  await page.goto(`${url}/lab/tree/${relPath}?reset&token=${token}`);
  await expect(page.locator('.jp-NotebookPanel .jp-Cell').first()).toBeVisible({ timeout: 120_000 });
  await expect(page.locator('.jp-Notebook-ExecutionIndicator, #jp-main-statusbar').first()).toBeVisible();
  await waitForIdle(page);
}

/** Waits until the kernel reports idle in the status bar. */
export async function waitForIdle(page: Page, timeout = 180_000): Promise<void> {
  await expect(page.locator('#jp-main-statusbar')).toContainText('Idle', { timeout });
}

export async function runAllCells(page: Page): Promise<void> {
  await page.locator('#jp-MainMenu').getByText('Run', { exact: true }).click();
  await page.getByRole('menuitem', { name: /^Run All Cells/ }).click();
}

/** The code cell whose source contains `text`. */
export function cellWith(page: Page, text: string) {
  return page.locator('.jp-CodeCell', { has: page.locator('.jp-InputArea', { hasText: text }) }).first();
}

export function outputOf(page: Page, text: string) {
  return cellWith(page, text).locator('.jp-OutputArea');
}

/** Runs one cell in place (Ctrl+Enter) and waits for the kernel to be idle again. */
export async function runCell(page: Page, text: string): Promise<void> {
  const cell = cellWith(page, text);
  await cell.scrollIntoViewIfNeeded();
  await cell.locator('.cm-content').click();
  await page.keyboard.press('Control+Enter');
  await page.waitForTimeout(500);
  await waitForIdle(page);
}

/** Title, backend and a few facts of every live TensorView view on the page. */
export async function viewSummaries(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    if (!hook) return [];
    return Array.from(hook.views as Set<any>).map((v: any) => ({
      title: v.model.get('title'),
      backend: v.model.get('backend'),
      hasVega: !!v.vegaView,
      error: v.model.get('error')
    }));
  });
}

/** Page coordinates of element (row, col) of panel 0 in the view titled `title`. */
export async function elementPoint(page: Page, title: string, row: number, col: number) {
  return page.evaluate(
    ([t, r, c]) => {
      const hook = (globalThis as any).__netlens__;
      const v = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('title') === t) as any;
      const vg = v.vegaView;
      const canvas = vg.container().querySelector('canvas') as HTMLCanvasElement;
      const rect = canvas.getBoundingClientRect();
      const [ox, oy] = vg.origin();
      return { x: rect.left + ox + vg.scale('x')(c + 0.5), y: rect.top + oy + vg.scale('y')(r + 0.5) };
    },
    [title, row, col] as const
  );
}

export async function viewEval<T>(page: Page, title: string, fn: string): Promise<T> {
  return page.evaluate(
    ([t, body]) => {
      const hook = (globalThis as any).__netlens__;
      const v = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('title') === t) as any;
      // eslint-disable-next-line no-new-func
      return new Function('view', 'model', 'hook', body)(v, v?.model, hook);
    },
    [title, fn] as const
  ) as Promise<T>;
}
