/**
 * examples/01-tensor-view.ipynb, run in JupyterLab in Chromium like a user would:
 * every view renders on WebGPU, hover shows the exact values, NaN/Inf are flagged,
 * controls recompute, a 200 MB tensor arrives intact, and tfjs memory stays at baseline.
 */
import { expect, test } from '@playwright/test';
import { cellWith, elementPoint, openNotebook, outputOf, runAllCells, runCell, viewEval, viewSummaries, waitForIdle } from './notebook';

const NOTEBOOK = 'examples/01-tensor-view.ipynb';
const TITLES = ['ramp', 'input batch', 'conv2 activations', 'conv1 weights', 'field with holes', 'random walk', '200 MB'];
/** Views still open at the end (the test closes the others). */
const OPEN_AT_END = TITLES.filter(t => t !== '200 MB' && t !== 'conv2 activations');

test('01-tensor-view runs end to end in JupyterLab on WebGPU', async ({ page }) => {
  const consoleErrors: string[] = [];
  page.on('console', m => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openNotebook(page, NOTEBOOK);
  const gpu = await page.evaluate(async () => {
    const g = (navigator as any).gpu;
    return { secure: isSecureContext, gpu: !!g, adapter: g ? !!(await g.requestAdapter()) : false };
  });
  expect(gpu).toEqual({ secure: true, gpu: true, adapter: true });

  await runAllCells(page);
  await waitForIdle(page);

  // Every view draws, on WebGPU, without an error.
  await expect
    .poll(async () => (await viewSummaries(page)).filter(v => v.hasVega).map(v => v.title).sort(), { timeout: 240_000 })
    .toEqual([...TITLES].sort());
  for (const v of await viewSummaries(page)) {
    expect(v, v.title).toMatchObject({ backend: 'webgpu', error: '' });
  }
  await expect(page.locator('.nl-tensor-view .nl-backend').first()).toHaveText('tfjs: webgpu');
  await expect(page.locator('.nl-error:visible')).toHaveCount(0);

  // Hover reads exact values and indices off the ramp (np.arange(12).reshape(3, 4)).
  const ramp = page.locator('.nl-tensor-view[data-nl-title="ramp"]');
  for (const [r, c] of [[0, 0], [1, 2], [2, 3], [2, 0]]) {
    // Views further down may still be drawing and shift the page: aim again on every try.
    await expect
      .poll(async () => {
        await ramp.scrollIntoViewIfNeeded();
        const p = await elementPoint(page, 'ramp', r, c);
        await page.mouse.move(p.x, p.y);
        return ramp.locator('.nl-status').textContent();
      })
      .toBe(`value ${r * 4 + c}   index [y=${r}, x=${c}]`);
  }
  expect(await viewEval(page, 'ramp', "return view.vegaView.scale('color').domain()")).toEqual([0, 11]);
  await page.screenshot({ path: 'test-results/e2e-artifacts/ramp.png' });

  // NaN/Inf are counted and flagged.
  const holes = page.locator('.nl-tensor-view[data-nl-title="field with holes"]');
  await expect(holes.locator('.nl-flags')).toContainText('12 NaN');
  await expect(holes.locator('.nl-flags')).toContainText('1 +Inf');
  expect(await viewEval(page, 'field with holes', "return model.get('stats').nan_count")).toBe(12);

  // A control recomputes: pick channel 0 of the conv1 weights → a single panel.
  const weights = page.locator('.nl-tensor-view[data-nl-title="conv1 weights"]');
  await weights.locator('.nl-control', { hasText: 'channel' }).locator('select').selectOption('0');
  await expect
    .poll(() => viewEval<number>(page, 'conv1 weights', 'return view.raster && view.raster.geometry.columns * view.raster.geometry.rows'))
    .toBe(1);

  // 200 MB arrived intact: the browser checked the kernel's CRC-32, and a probe value matches.
  await expect
    .poll(() => viewEval<string>(page, '200 MB', "return model.get('transfer').state"), { timeout: 300_000 })
    .toBe('done');
  const big = await viewEval<{ n: number; crc: number; probe: number }>(
    page,
    '200 MB',
    "const t = model.tensor; return { n: t.data.length, crc: model.get('transfer').crc32, probe: t.data[((123 * 1 + 0) * 512 + 45) * 512 + 67] };"
  );
  expect(big.n).toBe(200 * 512 * 512);
  const out = await outputOf(page, 'big_view = nl.TensorView').locator('.jp-RenderedText').first().textContent();
  const m = /payload crc32 (\d+) probe (\S+)/.exec(out ?? '');
  expect(m, out ?? '').not.toBeNull();
  expect(big.crc).toBe(Number(m![1]));
  expect(big.probe).toBeCloseTo(Number(m![2]), 6);

  // Results come back to the kernel: re-run the "results" cells now that the browser has answered.
  await runCell(page, 'acts_view.backend or');
  await expect(outputOf(page, 'acts_view.backend or')).toContainText('backend: webgpu | no fallback');
  await expect(outputOf(page, 'acts_view.backend or')).toContainText("'nan_count': 0");
  await expect(outputOf(page, 'acts_view.backend or')).toContainText(`'state': 'done'`);
  // fetch_view() is answered asynchronously, once the kernel is idle: ask until it is there.
  await expect
    .poll(
      async () => {
        await runCell(page, 'acts_view.view_data.shape');
        const error = await viewEval<string>(page, 'conv2 activations', "return model.get('error')");
        return error || (await outputOf(page, 'acts_view.view_data.shape').textContent());
      },
      { timeout: 60_000, intervals: [1000, 2000, 4000] }
    )
    .toContain('(1, 32, 32)');

  // No tfjs tensor outlives a render; re-running a cell keeps memory at baseline.
  const before = await page.evaluate(() => (globalThis as any).__netlens__.tf.memory().numTensors);
  expect(before).toBe(0);
  await runCell(page, 'title="ramp"');
  await expect.poll(async () => (await viewSummaries(page)).filter(v => v.title === 'ramp' && v.hasVega).length).toBe(1);
  const after = await page.evaluate(() => (globalThis as any).__netlens__.tf.memory().numTensors);
  expect(after).toBe(before);

  // Closing widgets frees them: their views leave the page and tfjs memory stays at baseline.
  const modelsBefore = await page.evaluate(() => (globalThis as any).__netlens__.models.size);
  await cellWith(page, 'acts_view.view_data.shape').locator('.cm-content').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('b'); // a new cell below, in command mode
  await page.keyboard.press('Enter');
  await page.keyboard.type('big_view.close(); acts_view.close()');
  await page.keyboard.press('Control+Enter');
  await waitForIdle(page);
  await expect
    .poll(async () => (await viewSummaries(page)).map(v => v.title).filter(t => t === '200 MB' || t === 'conv2 activations'))
    .toEqual([]);
  expect(await page.evaluate(() => (globalThis as any).__netlens__.models.size)).toBe(modelsBefore - 2);
  expect(await page.evaluate(() => (globalThis as any).__netlens__.tf.memory().numTensors)).toBe(before);

  // JupyterLab's dark theme: the charts follow (background from --jp-layout-color0).
  const lightBg = await viewEval<string>(page, 'ramp', "return view.vegaView.background()");
  await page.keyboard.press('Control+Shift+C'); // the command palette
  await page.keyboard.type('Use Theme: JupyterLab Dark');
  await page.locator('.lm-CommandPalette-item', { hasText: 'JupyterLab Dark' }).first().click();
  await expect(page.locator('body')).toHaveAttribute('data-jp-theme-light', 'false');
  await expect.poll(() => viewEval<string>(page, 'ramp', "return view.vegaView.background()")).not.toBe(lightBg);
  await expect(page.locator('.nl-tensor-view[data-nl-title="ramp"]')).toHaveClass(/nl-dark/);

  // Pictures of every view, to look at as a user would (kept as CI artifacts).
  for (const title of OPEN_AT_END) {
    const view = page.locator(`.nl-tensor-view[data-nl-title="${title}"]`);
    await view.scrollIntoViewIfNeeded();
    await view.screenshot({ path: `test-results/e2e-artifacts/view-${title.replace(/\W+/g, '-')}.png` });
  }
  expect(consoleErrors.filter(e => /netlens|tfjs|arrow/i.test(e))).toEqual([]);
});
