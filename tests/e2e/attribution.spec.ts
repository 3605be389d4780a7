/**
 * examples/02-attribution.ipynb in JupyterLab + Chromium (WebGPU on SwiftShader), as a user runs
 * it: every method's map is drawn over its image, the completeness check shows, a change of
 * target recomputes in the browser, the browser's integrated gradients match Captum in the same
 * notebook, the randomization check and the model comparison with sample suggestion work,
 * tokens are highlighted as text, and closing the widgets frees every tensor.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNotebook, outputOf, runCell, waitForIdle } from './notebook';

const NOTEBOOK = 'examples/02-attribution.ipynb';
const SHOTS = 'test-results/e2e-artifacts';

/** State of every Attribution view on the page, read through the debug hook. */
async function attributionViews(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    return Array.from(hook?.views ?? [])
      .filter((v: any) => v.model.get('_model_name') === 'AttributionModel')
      .map((v: any) => {
        const m = v.model;
        const labels = m.get('methods').map((x: any) => x.label);
        const first = m.entries[0];
        const slots = labels.map((l: string) => first?.store.get(l, 0));
        return {
          models: m.entries.map((e: any) => e.info.name),
          status: m.get('status'),
          backend: m.get('backend'),
          error: m.get('error'),
          kind: m.get('kind'),
          labels,
          done: slots.map((b: any) => (b ? Array.from(b.done).every(Boolean) : false)),
          targets: slots.map((b: any) => (b ? Array.from(b.targets) : [])),
          vega: v.vegaViews.length,
          randomization: m.get('randomization')
        };
      });
  });
}

async function viewOf(page: Page, i: number) {
  return (await attributionViews(page))[i];
}

test('02-attribution: maps over images, recompute on target change, Captum agreement, checks, text', async ({ page }) => {
  test.setTimeout(900_000);
  const consoleErrors: string[] = [];
  page.on('console', m => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  await openNotebook(page, NOTEBOOK);
  await runCell(page, 'CLASSES = [');
  await expect(outputOf(page, 'CLASSES = [')).toContainText('test accuracy');

  // Eight methods on twelve images, computed on WebGPU, drawn as overlays.
  await runCell(page, 'w = nl.Attribution(');
  await expect.poll(async () => (await viewOf(page, 0))?.status, { timeout: 600_000, intervals: [2000] }).toBe('done');
  let v = await viewOf(page, 0);
  expect(v).toMatchObject({ backend: 'webgpu', error: '', kind: 'image', models: ['ShapeNet'] });
  expect(v.labels).toEqual(['saliency', 'integrated_gradients', 'smoothgrad', 'grad_cam', 'guided_backprop', 'deeplift', 'lrp', 'occlusion']);
  expect(v.done.every(Boolean)).toBe(true);
  const widget = page.locator('.nl-attribution').first();
  await expect(widget.locator('.nl-backend')).toHaveText('tfjs: webgpu');
  await expect(widget.locator('.nl-error:visible')).toHaveCount(0);
  const grid = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('_model_name') === 'AttributionModel') as any;
    const vg = view.vegaViews[view.vegaViews.length - 1];
    const images = vg.scenegraph().root.items[0].items.length;
    return { views: view.vegaViews.length, opacity: vg.signal('nl_opacity'), hasImages: images > 0, canvas: !!vg.container().querySelector('canvas') };
  });
  expect(grid).toMatchObject({ opacity: 0.6, hasImages: true, canvas: true });
  // The opacity slider moves the Vega parameter without a recompute.
  await widget.locator('input[type=range]').fill('0.9');
  await expect
    .poll(() => page.evaluate(() => {
      const hook = (globalThis as any).__netlens__;
      const view = Array.from(hook.views as Set<any>).find((x: any) => x.model.get('_model_name') === 'AttributionModel') as any;
      return view.vegaViews[view.vegaViews.length - 1].signal('nl_opacity');
    }))
    .toBe(0.9);
  await widget.scrollIntoViewIfNeeded();
  await widget.screenshot({ path: `${SHOTS}/attribution-grid.png` });

  // A new target recomputes in the browser: every map now explains class 2.
  await runCell(page, 'w.target = 2');
  await expect.poll(async () => (await viewOf(page, 0)).targets.every((t: number[]) => t.length === 12 && t.every(c => c === 2)), { timeout: 600_000, intervals: [2000] }).toBe(true);
  await expect.poll(async () => (await viewOf(page, 0)).status, { timeout: 600_000, intervals: [2000] }).toBe('done');

  // The kernel has the browser's maps; they match Captum's integrated gradients.
  await expect
    .poll(async () => {
      await runCell(page, 'from captum.attr import IntegratedGradients');
      return outputOf(page, 'from captum.attr import IntegratedGradients').textContent();
    }, { timeout: 180_000, intervals: [3000] })
    .toMatch(/max relative error/);
  const text = (await outputOf(page, 'from captum.attr import IntegratedGradients').textContent()) ?? '';
  expect(Number(/max relative error (\S+)/.exec(text)![1])).toBeLessThan(1e-3);
  expect(text).toContain('completeness deltas');

  // The randomization check: one call, maps per step and Spearman's ρ falling from 1.
  await runCell(page, 'w.randomization_check(');
  await expect.poll(async () => (await viewOf(page, 0)).randomization?.layers?.length ?? 0, { timeout: 300_000, intervals: [2000] }).toBeGreaterThan(2);
  v = await viewOf(page, 0);
  expect(v.randomization.layers[0]).toBe('original');
  expect(v.randomization.spearman[0]).toBeCloseTo(1, 6);
  expect(Math.abs(v.randomization.spearman[v.randomization.spearman.length - 1])).toBeLessThan(0.9);
  await widget.screenshot({ path: `${SHOTS}/attribution-randomization.png` });

  // Two models side by side; the sample suggestion picks an input on click.
  await runCell(page, 'rookie = train(');
  await expect.poll(async () => (await viewOf(page, 1))?.status, { timeout: 600_000, intervals: [2000] }).toBe('done');
  expect((await viewOf(page, 1)).models).toEqual(['trained', '8 steps']);
  const both = page.locator('.nl-attribution').nth(1);
  await both.locator('.nl-tab', { hasText: 'Sample suggestion' }).click();
  await expect.poll(() => page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'AttributionModel')[1] as any;
    return view.vegaViews.length;
  })).toBe(1);
  await both.locator('.nl-vega canvas').first().scrollIntoViewIfNeeded();
  const picked = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'AttributionModel')[1] as any;
    const vg = view.vegaViews[0];
    const marks = vg.scenegraph().root.items[0].items.find((i: any) => i.marktype === 'symbol');
    const item = marks.items.find((p: any) => p.datum.index === 5);
    const canvas = vg.container().querySelector('canvas') as HTMLCanvasElement;
    const r = canvas.getBoundingClientRect();
    const [ox, oy] = vg.origin(); // inside the padding
    const pad = vg.padding();
    return { x: r.left + pad.left + ox + item.x, y: r.top + pad.top + oy + item.y };
  });
  await page.mouse.click(picked.x, picked.y);
  await expect.poll(() => page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'AttributionModel')[1] as any;
    return [view.model.get('index'), view.model.get('panel')];
  })).toEqual([5, 'attributions']);
  await both.scrollIntoViewIfNeeded();
  await both.screenshot({ path: `${SHOTS}/attribution-two-models.png` });

  // Text: tokens highlighted, as text.
  await runCell(page, 'WORDS = [');
  await expect.poll(async () => (await viewOf(page, 2))?.status, { timeout: 600_000, intervals: [2000] }).toBe('done');
  v = await viewOf(page, 2);
  expect(v).toMatchObject({ kind: 'text', error: '' });
  const tokenTexts = await page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    const view = Array.from(hook.views as Set<any>).filter((x: any) => x.model.get('_model_name') === 'AttributionModel')[2] as any;
    const vg = view.vegaViews[view.vegaViews.length - 1];
    const texts: string[] = [];
    const walk = (item: any) => {
      if (item.marktype === 'text') item.items.forEach((t: any) => texts.push(t.text));
      (item.items ?? []).forEach(walk);
    };
    walk(vg.scenegraph().root);
    return texts;
  });
  expect(tokenTexts).toContain('<b>');
  await expect(page.locator('.nl-attribution b')).toHaveCount(0);
  const texts = page.locator('.nl-attribution').nth(2);
  await texts.scrollIntoViewIfNeeded();
  await texts.screenshot({ path: `${SHOTS}/attribution-text.png` });

  // Closing the widgets frees every tensor they made.
  const memory = await page.evaluate(async () => {
    const hook = (globalThis as any).__netlens__;
    const models = Array.from(hook.models ?? []).filter((m: any) => m.get('_model_name') === 'AttributionModel') as any[];
    const weights = models.flatMap(m => m.entries).filter((e: any) => e.graph).reduce((n: number, e: any) => n + e.graph.ir.weights.length, 0);
    const before = hook.tf.memory().numTensors;
    for (const m of models) await m.close?.();
    return { weights, before, after: hook.tf.memory().numTensors };
  });
  expect(memory.before).toBe(memory.weights);
  expect(memory.after).toBe(0);
  await waitForIdle(page);
  expect(consoleErrors.filter(e => !/favicon|DevTools/.test(e))).toEqual([]);
});
