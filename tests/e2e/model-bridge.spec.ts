/**
 * examples/08-model-bridge.ipynb in JupyterLab + Chromium (WebGPU on SwiftShader): a model
 * exported in a real kernel runs in the browser, and the notebook compares the browser's
 * forward and input gradient with PyTorch's on the same inputs; a model with an op the browser
 * lacks runs in the kernel and its result lands in the same view; closing frees every tensor.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNotebook, outputOf, runCell } from './notebook';

const NOTEBOOK = 'examples/08-model-bridge.ipynb';

async function modelViews(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    return Array.from(hook?.views ?? [])
      .filter((v: any) => v.model.get('_model_name') === 'ModelViewModel')
      .map((v: any) => ({
        model: v.model.get('summary').model,
        where: v.model.get('compute_used'),
        status: v.model.get('status'),
        backend: v.model.get('backend'),
        error: v.model.get('error'),
        result: v.model.lastResult ? { id: v.model.lastResult.id, where: v.model.lastResult.where, keys: [...v.model.lastResult.tensors.keys()] } : null
      }));
  });
}

/** The id of the last result the model's view shows, or its error. */
async function lastRunOf(page: Page, model: string): Promise<number | string | undefined> {
  const v = (await modelViews(page)).find(m => m.model === model);
  return v?.error ? `error: ${v.error}` : v?.result?.id;
}

test('08-model-bridge: browser forward and gradient match PyTorch in the same notebook', async ({ page }) => {
  test.setTimeout(600_000);
  await openNotebook(page, NOTEBOOK);
  await runCell(page, 'import netlens as nl');
  await runCell(page, 'bridge = nl.ModelView(model, x');

  // The model compiles on WebGPU and the first forward (with the layer2 tap) comes back.
  await expect
    .poll(() => lastRunOf(page, 'SmallResNet'), { timeout: 300_000 })
    .toBe(0);
  const view = (await modelViews(page)).find(v => v.model === 'SmallResNet')!;
  expect(view).toMatchObject({ where: 'browser', backend: 'webgpu', error: '' });
  expect(view.result!.keys).toEqual(['output:0', 'tap:layer2']);
  const widget = page.locator('.nl-model-view').first();
  await expect(widget.locator('.nl-result-caption')).toContainText('computed in the browser');
  await expect(widget.locator('.nl-status')).toContainText('first forward');

  // The kernel has the browser's result; the notebook compares it with PyTorch's.
  await expect
    .poll(async () => {
      await runCell(page, 'reference = model(x)');
      return outputOf(page, 'reference = model(x)').textContent();
    }, { timeout: 120_000 })
    .toMatch(/max relative error/);
  const fwd = await outputOf(page, 'reference = model(x)').textContent();
  const fwdErr = Number(/max relative error (\S+)/.exec(fwd ?? '')![1]);
  expect(fwdErr).toBeLessThan(1e-4);

  await runCell(page, 'grad_run = bridge.gradient(target=3)');
  await expect
    .poll(() => lastRunOf(page, 'SmallResNet'), { timeout: 300_000 })
    .toBe(1);
  await expect
    .poll(async () => {
      await runCell(page, 'xg = x.clone()');
      return outputOf(page, 'xg = x.clone()').textContent();
    }, { timeout: 120_000 })
    .toMatch(/max relative error/);
  const grad = await outputOf(page, 'xg = x.clone()').textContent();
  const gradErr = Number(/max relative error (\S+)/.exec(grad ?? '')![1]);
  expect(gradErr).toBeLessThan(1e-3);
  await widget.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/e2e-artifacts/model-bridge-browser.png' });

  // A model with an FFT runs in the kernel; the widget says why; the result reaches the same view.
  await runCell(page, 'class Spectral');
  const out = await outputOf(page, 'class Spectral').locator('.jp-RenderedText').first().textContent();
  expect(out).toMatch(/^kernel - the model cannot run in the browser: [^]*aten\.fft_rfft at \(root\) \(Spectral\)[^]*compute="kernel"/);
  await expect
    .poll(async () => (await modelViews(page)).find(v => v.model === 'Spectral')?.result, { timeout: 60_000 })
    .toMatchObject({ where: 'kernel', keys: ['output:0', 'tap:head'] });
  const spectral = page.locator('.nl-model-view').nth(1);
  await expect(spectral.locator('.nl-where')).toHaveText('runs in the kernel (PyTorch)');
  await expect(spectral.locator('.nl-backend-reason')).toContainText('compute="kernel"');
  await expect(spectral.locator('.nl-result-caption')).toContainText('computed in the kernel');
  await spectral.scrollIntoViewIfNeeded();
  await page.screenshot({ path: 'test-results/e2e-artifacts/model-bridge-kernel.png' });

  // Runs leave nothing behind but the weights; closing the widgets frees those too.
  const memory = await page.evaluate(async () => {
    const hook = (globalThis as any).__netlens__;
    const models = Array.from(hook.models ?? []) as any[];
    const weights = models.filter(m => m.graph).reduce((n, m) => n + m.graph.ir.weights.length, 0);
    const before = hook.tf.memory().numTensors;
    for (const m of models) await m.close?.();
    return { weights, before, after: hook.tf.memory().numTensors };
  });
  expect(memory.before).toBe(memory.weights);
  expect(memory.after).toBe(0);
});
