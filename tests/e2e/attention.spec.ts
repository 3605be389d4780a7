/**
 * examples/06-attention.ipynb in JupyterLab + Chromium (WebGPU on SwiftShader), as a user runs it:
 * the head view of a small trained encoder draws (an HTML-looking token stays text), clicking a
 * token focuses it, the matrix and head-similarity views open, the browser's rollout equals
 * numpy's in the notebook; 12 × 12 heads at 512 tokens draw in the model view and a click opens
 * one head; no tensor is left behind.
 */
import { expect, test, type Page } from '@playwright/test';
import { openNotebook, outputOf, runAllCells, runCell } from './notebook';

const NOTEBOOK = 'examples/06-attention.ipynb';
const SHOTS = 'test-results/e2e-artifacts';

async function views(page: Page) {
  return page.evaluate(() => {
    const hook = (globalThis as any).__netlens__;
    return Array.from(hook?.views ?? [])
      .filter((v: any) => v.model.get('_model_name') === 'AttentionViewModel')
      .map((v: any) => ({
        title: v.model.get('title'),
        view: v.model.get('view'),
        layer: v.model.get('layer'),
        head: v.model.get('head'),
        focus: v.model.get('focus'),
        data: !!v.model.attention,
        results: !!v.model.results,
        error: v.model.get('error'),
        backend: v.model.get('backend'),
        paintMs: v.lastPaintMs,
        vega: !!v.vegaView,
        images: v.el.querySelectorAll('img').length,
        inked: (() => {
          const c = v.el.querySelector('canvas.nl-attention-canvas') as HTMLCanvasElement | null;
          if (!c || !c.isConnected) return 0;
          const px = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
          let n = 0;
          for (let i = 0; i < px.length; i += 4) if (px[i] < 200 || px[i + 2] < 200) n++;
          return n;
        })()
      }));
  });
}

async function canvasBox(page: Page, i: number) {
  const canvas = page.locator('.nl-attention').nth(i).locator('canvas.nl-attention-canvas');
  await canvas.scrollIntoViewIfNeeded();
  return (await canvas.boundingBox())!;
}

test('06-attention: head, matrix, similarity and model views; rollout equals numpy; 512 tokens', async ({ page }) => {
  test.setTimeout(900_000);
  await openNotebook(page, NOTEBOOK);
  await runAllCells(page);
  await expect.poll(async () => (await views(page)).filter(v => v.data && v.results && v.paintMs > 0).length, { timeout: 600_000, intervals: [2000] }).toBe(2);
  let [small, big] = await views(page);
  expect(small.error).toBe('');
  expect(big.error).toBe('');
  expect(small.backend).toBe('webgpu');
  expect(small.view).toBe('head');
  expect(small.inked).toBeGreaterThan(1000);
  expect(small.images).toBe(0); // the "<img …>" token is text
  await page.locator('.nl-attention').first().screenshot({ path: `${SHOTS}/attention-head.png` });

  // Click query token 3 ("sat"): the view focuses it.
  let box = await canvasBox(page, 0);
  await page.mouse.click(box.x + 40, box.y + 6 + 3 * 16 + 8);
  await expect.poll(async () => (await views(page))[0].focus).toBe(3);

  // Matrix view, with a tooltip over a cell.
  await page.locator('.nl-attention').first().locator('select').first().selectOption('matrix');
  await expect.poll(async () => (await views(page))[0].view).toBe('matrix');
  box = await canvasBox(page, 0);
  await page.mouse.move(box.x + box.width - 20, box.y + box.height - 20); // the last cell: "off" → "off"
  await expect(page.locator('.nl-attention').first().locator('.nl-tooltip')).toContainText('→');
  await page.locator('.nl-attention').first().screenshot({ path: `${SHOTS}/attention-matrix.png` });

  // Head similarity: a Vega-Lite heatmap.
  await page.locator('.nl-attention').first().locator('select').first().selectOption('similarity');
  await expect.poll(async () => (await views(page))[0].vega, { timeout: 30_000 }).toBe(true);

  // The notebook compares the browser's rollout with numpy's.
  await runCell(page, 'captured = nl.attention.capture_attention');
  const text = (await outputOf(page, 'captured = nl.attention.capture_attention').textContent()) ?? '';
  const m = text.match(/max abs difference (\S+)/);
  expect(m, text).not.toBeNull();
  expect(Number(m![1])).toBeLessThan(1e-5);

  // 512 tokens: the model view drew; a click on layer 2, head 3 opens its matrix.
  [, big] = await views(page);
  expect(big.view).toBe('model');
  expect(big.inked).toBeGreaterThan(10_000);
  console.log(`model view, 12 × 12 heads × 512 tokens: painted in ${big.paintMs.toFixed(0)} ms`);
  await page.locator('.nl-attention').nth(1).screenshot({ path: `${SHOTS}/attention-model.png` });
  box = await canvasBox(page, 1);
  await page.mouse.click(box.x + 90 + 3 * 70 + 30, box.y + 20 + 2 * 70 + 30);
  await expect.poll(async () => {
    const v = (await views(page))[1];
    return [v.view, v.layer, v.head];
  }).toEqual(['matrix', 2, 3]);

  const tensors = await page.evaluate(() => (globalThis as any).__netlens__.tf.memory().numTensors);
  expect(tensors).toBe(0);
});
