/**
 * The same prebuilt extension works in Jupyter Notebook 7 (no rebuild, nothing but the
 * Python package installed).
 */
import { expect, test } from '@playwright/test';
import { readServer } from './jupyter-server';

test('TensorView renders in Notebook 7', async ({ page }) => {
  const { url, token } = readServer();
  await page.goto(`${url}/notebooks/tests/e2e/notebooks/errors.ipynb?token=${token}`);
  await expect(page.locator('.jp-Notebook .jp-Cell').first()).toBeVisible({ timeout: 120_000 });
  // Run the three code cells in order (Shift+Enter runs a cell and moves to the next).
  await page.locator('.jp-CodeCell').first().locator('.cm-content').click();
  for (let i = 0; i < 3; i++) {
    await page.keyboard.press('Shift+Enter');
  }
  const view = page.locator('.nl-tensor-view[data-nl-title="broken transfer"]');
  await expect(view.locator('.nl-vega canvas')).toBeVisible({ timeout: 120_000 });
  await expect(view.locator('.nl-backend')).toHaveText('tfjs: webgpu');
});
