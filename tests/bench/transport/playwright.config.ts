/**
 * Transport benchmark (not part of the normal test suite): kernel → browser throughput through
 * a real Jupyter server, against the JSON `tolist()` path and a raw loopback WebSocket.
 * Run with tests/bench/transport/run.sh (or `npx playwright test -c tests/bench/transport/playwright.config.ts`).
 */
import { defineConfig } from '@playwright/test';
import { CHROMIUM_ARGS } from '../../e2e/playwright.config';

export default defineConfig({
  testDir: '.',
  testMatch: /bench\.spec\.ts/,
  timeout: 120 * 60 * 1000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../../test-results/bench-transport-artifacts',
  use: {
    headless: true,
    viewport: { width: 1400, height: 1000 },
    launchOptions: { executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    trace: 'off'
  }
});
