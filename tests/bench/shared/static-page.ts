/**
 * Benchmarks that run netlens's lib/ on a bundled page (no Jupyter): a loopback HTTP server for
 * the scratch directory (WebGPU needs a secure context: 127.0.0.1 is one), and a fresh Chromium
 * per backend with the e2e flags, the page's console echoed.
 */
import { chromium, type Page } from '@playwright/test';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';

import { CHROMIUM_ARGS } from '../../e2e/playwright.config';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm', '.html': 'text/html' };

export function serveStatic(dir: string): Promise<{ url: string; close: () => void }> {
  const server = http.createServer((req, res) => {
    const file = path.join(dir, decodeURIComponent((req.url ?? '/').split('?')[0]).replace(/^\/+/, '') || 'index.html');
    if (!file.startsWith(dir) || !fs.existsSync(file)) {
      res.statusCode = 404;
      res.end();
      return;
    }
    res.setHeader('Content-Type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.end(fs.readFileSync(file));
  });
  return new Promise(resolve => server.listen(0, '127.0.0.1', () => {
    const port = (server.address() as { port: number }).port;
    resolve({ url: `http://127.0.0.1:${port}`, close: () => server.close() });
  }));
}

/**
 * Serves `scratch` (which holds bench.js), opens its page in a fresh Chromium, waits for
 * `window.nlBenchReady`, runs `body(page, chromiumVersion)`, and closes everything.
 */
export async function withBenchPage<T>(scratch: string, body: (page: Page, chromiumVersion: string) => Promise<T>): Promise<T> {
  fs.writeFileSync(path.join(scratch, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="bench.js"></script>');
  const server = await serveStatic(scratch);
  const browser = await chromium.launch({ executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage();
    page.on('console', m => console.log(`[page] ${m.text()}`));
    await page.goto(`${server.url}/index.html`);
    await page.waitForFunction(() => (window as any).nlBenchReady === true);
    return await body(page, browser.version());
  } finally {
    await browser.close();
    server.close();
  }
}
