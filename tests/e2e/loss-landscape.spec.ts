/**
 * examples/04-loss-landscape.ipynb in JupyterLab + Chromium (WebGPU on SwiftShader), as a user
 * runs it: the random plane is computed in the browser and drawn as a contour map over a heatmap;
 * the notebook compares the browser's grid with PyTorch's on the same directions; a change of
 * resolution in the widget recomputes; two models share one colour scale, with accuracy alongside,
 * and rotate as 3-D surfaces; the trajectory and interpolation views draw; the Dask grid equals
 * the browser's; closing the widgets frees every tensor.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNotebook, outputOf, runCell } from './notebook';

const NOTEBOOK = 'examples/04-loss-landscape.ipynb';
const SHOTS = 'test-results/e2e-artifacts';

/** State of every LossLandscape view on the page, read through the debug hook. */
async function landscapes(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    return Array.from(hook?.views ?? [])
      .filter((v: any) => v.model.get('_model_name') === 'LossLandscapeModel')
      .map((v: any) => {
        const m = v.model;
        const vg = v.vegaViews[0];
        return {
          models: m.entries.map((e: any) => e.info.name),
          where: m.entries.map((e: any) => e.info.compute_used),
          mode: m.get('mode'),
          status: m.get('status'),
          backend: m.get('backend'),
          error: m.get('error'),
          resolution: m.get('resolution'),
          shown: v.shownView(),
          known: m.entries.map((e: any) => (e.grid ? e.grid.known.reduce((s: number, k: number) => s + k, 0) : 0)),
          vega: v.vegaViews.length,
          contours: vg && v.shownView() === 'contour' ? vg.data('contours').length : 0,
          path: vg && v.shownView() === 'contour' ? vg.data('path').length : 0,
          surfaces: v.el.querySelectorAll('canvas.nl-surface').length,
          timings: m.get('timings')
        };
      });
  });
}

async function landscape(page: Page, i: number) {
  return (await landscapes(page))[i];
}

/** Runs a cell until its output matches (the browser's grid reaches the kernel between cells). */
async function pollCell(page: Page, text: string, pattern: RegExp, timeout = 300_000): Promise<string> {
  await expect
    .poll(async () => {
      await runCell(page, text);
      return (await outputOf(page, text).textContent()) ?? '';
    }, { timeout, intervals: [3000] })
    .toMatch(pattern);
  return (await outputOf(page, text).textContent()) ?? '';
}

test('04-loss-landscape: contour in the browser, resolution change recomputes, PyTorch and Dask agree', async ({ page }) => {
  test.setTimeout(1_200_000);
  await openNotebook(page, NOTEBOOK);
  await runCell(page, 'def patterns(n, seed)');
  await expect(outputOf(page, 'def patterns(n, seed)')).toContainText('accuracy on the batch');

  // The random plane, 13 × 13, on WebGPU, coarse to fine, drawn as isolines over a heatmap.
  await runCell(page, 'land = nl.LossLandscape(');
  await expect.poll(async () => (await landscape(page, 0))?.status, { timeout: 400_000, intervals: [2000] }).toBe('done');
  let v = await landscape(page, 0);
  console.log(`first grid: ${JSON.stringify(v.timings)}`);
  expect(v).toMatchObject({ models: ['Net'], where: ['browser'], backend: 'webgpu', error: '', shown: 'contour', known: [169], vega: 1, contours: 12 });
  const widget = page.locator('.nl-landscape').first();
  await expect(widget.locator('.nl-backend')).toHaveText('tfjs: webgpu');
  await expect(widget.locator('.nl-progress-text')).toContainText('done · 169 points in');
  // The heatmap is an image in the scenegraph; the canvas shows it.
  const drawn = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('_model_name') === 'LossLandscapeModel') as any;
    const vg = view.vegaViews[0];
    const marks = vg.scenegraph().root.items[0].items;
    const heat = marks.find((m: any) => m.name === 'heat');
    return { image: !!heat.items[0].image, canvas: !!vg.container().querySelector('canvas') };
  });
  expect(drawn).toEqual({ image: true, canvas: true });
  // Hovering reads α, β, loss and accuracy under the pointer.
  const canvas = widget.locator('.nl-vega canvas').first();
  const box = (await canvas.boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.move(box.x + box.width / 2 - 20, box.y + box.height / 2);
  await expect
    .poll(() => page.evaluate(() => {
      const hook = (globalThis as any).__netlens__;
      const view = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('_model_name') === 'LossLandscapeModel') as any;
      return view.vegaViews[0].signal('nl_hover');
    }))
    .not.toBeNull();
  await widget.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/landscape-contour.png` });

  // The kernel has the grid; PyTorch on the same directions agrees.
  const cmp = await pollCell(page, 'kernel = nl.landscape.evaluate(', /max relative error/);
  expect(Number(/max relative error (\S+)/.exec(cmp)![1])).toBeLessThan(1e-4);

  // A new resolution from the widget's control recomputes in the browser (same directions).
  await widget.locator('input.nl-resolution').fill('9');
  await widget.locator('input.nl-resolution').press('Enter');
  await expect.poll(async () => (await landscape(page, 0))?.resolution, { timeout: 30_000 }).toBe(9);
  await expect.poll(async () => (await landscape(page, 0))?.known[0], { timeout: 300_000, intervals: [2000] }).toBe(81);
  await expect.poll(async () => (await landscape(page, 0))?.status, { timeout: 60_000 }).toBe('done');
  v = await landscape(page, 0);
  expect(v.contours).toBe(12);
  const again = await pollCell(page, 'kernel = nl.landscape.evaluate(', /81 points: max relative error/);
  expect(Number(/max relative error (\S+)/.exec(again)![1])).toBeLessThan(1e-4);

  // With and without the skip connection, one colour scale, accuracy beside each; then as surfaces.
  await runCell(page, 'compare = nl.LossLandscape(');
  await expect.poll(async () => (await landscape(page, 1))?.status, { timeout: 400_000, intervals: [2000] }).toBe('done');
  v = await landscape(page, 1);
  expect(v).toMatchObject({ models: ['with skip', 'without skip'], known: [121, 121], vega: 4, error: '' });
  const compare = page.locator('.nl-landscape').nth(1);
  await expect(compare.locator('.nl-landscape-panel[data-metric=accuracy]')).toHaveCount(2);
  const legends = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'LossLandscapeModel')[1] as any;
    return view.vegaViews.map((vg: any) => vg.scale('color').domain());
  });
  expect(legends[0]).toEqual(legends[2]); // the two loss panels share the colour scale
  expect(legends[1]).toEqual([0, 1]);
  await compare.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/landscape-compare.png` });
  await runCell(page, 'compare.view = "surface"');
  await expect.poll(async () => (await landscape(page, 1))?.surfaces).toBe(4);
  const surface = compare.locator('canvas.nl-surface').first();
  await surface.scrollIntoViewIfNeeded();
  const sbox = (await surface.boundingBox())!;
  await page.mouse.move(sbox.x + 100, sbox.y + 100);
  await page.mouse.down();
  await page.mouse.move(sbox.x + 160, sbox.y + 110, { steps: 5 });
  await page.mouse.up();
  const azimuth = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    return (Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'LossLandscapeModel')[1] as any).model.get('azimuth');
  });
  expect(azimuth).not.toBe(35);
  await page.screenshot({ path: `${SHOTS}/landscape-surface.png` });

  // The training path on its PCA plane; the interpolation from the initial weights.
  await runCell(page, 'path = nl.LossLandscape(');
  await expect.poll(async () => (await landscape(page, 2))?.status, { timeout: 400_000, intervals: [2000] }).toBe('done');
  v = await landscape(page, 2);
  expect(v).toMatchObject({ mode: 'trajectory', shown: 'contour', path: 12, error: '' });
  await expect(page.locator('.nl-landscape').nth(2).locator('.nl-status')).toContainText("PCA directions explain");
  await runCell(page, 'mode="interpolation"');
  await expect.poll(async () => (await landscape(page, 3))?.status, { timeout: 400_000, intervals: [2000] }).toBe('done');
  expect(await landscape(page, 3)).toMatchObject({ mode: 'interpolation', shown: 'line', known: [31], vega: 1 });
  await page.locator('.nl-landscape').nth(3).scrollIntoViewIfNeeded();
  await page.screenshot({ path: `${SHOTS}/landscape-path.png` });

  // Dask rows stream into the view; the grid equals the browser's (at land's resolution, 9 × 9 now).
  await runCell(page, 'client = Client(LocalCluster(');
  await expect.poll(async () => (await landscape(page, 4))?.status, { timeout: 300_000, intervals: [2000] }).toBe('done');
  expect(await landscape(page, 4)).toMatchObject({ where: ['kernel'], known: [81], resolution: 9 });
  expect((await landscape(page, 4))!.contours).toBeGreaterThan(0);
  await expect(page.locator('.nl-landscape').nth(4).locator('.nl-where')).toHaveText('Net: Dask');
  const dask = await pollCell(page, 'dist.wait()', /Dask vs browser: max relative error/);
  expect(Number(/max relative error (\S+)/.exec(dask)![1])).toBeLessThan(1e-4);
  await runCell(page, 'client.close()');

  // Closing every widget frees every tensor.
  const memory = await page.evaluate(async () => {
    const hook = (globalThis as any).__netlens__;
    for (const m of Array.from(hook.models ?? []) as any[]) await m.close?.();
    return hook.tf.memory().numTensors;
  });
  expect(memory).toBe(0);
});
