/**
 * Errors reach the user in the cell output: a browser-side protocol error appears in the
 * widget's error box (not only in the console), and bad input is refused in Python.
 */
import { expect, test } from '@playwright/test';
import { openNotebook, outputOf, runAllCells, waitForIdle } from './notebook';

test('a browser-side transfer error shows in the cell output', async ({ page }) => {
  await openNotebook(page, 'tests/e2e/notebooks/errors.ipynb');
  await runAllCells(page);
  await waitForIdle(page);
  const view = page.locator('.nl-tensor-view[data-nl-title="broken transfer"]');
  await expect(view.locator('.nl-error')).toBeVisible();
  await expect(view.locator('.nl-error')).toContainText('no-such-transfer');
  // The good data that arrived before is still drawn: an error loses nothing.
  await expect(view.locator('.nl-vega canvas')).toBeVisible();
  await expect(outputOf(page, 'np.zeros((2, 2, 2, 2, 2))')).toContainText('refused: TensorView shows 1-D to 4-D tensors');
});

test('without WebGPU the widget falls back and says why', async ({ page }) => {
  // A browser without WebGPU: hide navigator.gpu before any page script runs.
  await page.addInitScript(() => {
    delete (Navigator.prototype as any).gpu;
  });
  await openNotebook(page, 'tests/e2e/notebooks/errors.ipynb');
  await runAllCells(page);
  await waitForIdle(page);
  const view = page.locator('.nl-tensor-view[data-nl-title="broken transfer"]');
  await expect(view.locator('.nl-backend')).not.toHaveText('tfjs: webgpu');
  await expect(view.locator('.nl-backend')).toHaveText(/tfjs: (webgl|wasm|cpu)/);
  await expect(view.locator('.nl-backend-reason')).toContainText('webgpu: this browser exposes no WebGPU (navigator.gpu is undefined)');
  await expect(view.locator('.nl-vega canvas')).toBeVisible();
  const backend = await view.locator('.nl-backend').textContent();
  await view.screenshot({ path: `test-results/e2e-artifacts/fallback-${backend?.replace(/\W+/g, '-')}.png` });
});
