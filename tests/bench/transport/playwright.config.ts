/**
 * Transport benchmark (not part of the normal test suite): kernel → browser throughput through
 * a real Jupyter server, against the JSON `tolist()` path and a raw loopback WebSocket.
 * Run with tests/bench/transport/run.sh (or `npx playwright test -c tests/bench/transport/playwright.config.ts`).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /bench\.spec\.ts/,
  timeout: 120 * 60 * 1000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../../test-results/bench-transport-artifacts',
  // bench.spec.ts launches its own Chromium (Debian's, with the e2e CHROMIUM_ARGS) so it can kill it.
  use: { trace: 'off' }
});
