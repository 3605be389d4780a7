/**
 * Model-bridge benchmark (not part of the normal test suite): export, weights transfer,
 * compile and forward of a ResNet-18-size model, per tfjs backend, against PyTorch in the kernel.
 * Run with tests/bench/bridge/run.sh (or `npx playwright test -c tests/bench/bridge/playwright.config.ts`).
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /bench\.spec\.ts/,
  timeout: 120 * 60 * 1000,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  outputDir: '../../../test-results/bench-bridge-artifacts',
  // bench.spec.ts launches its own Chromium per round (Debian's, with the e2e CHROMIUM_ARGS).
  use: { trace: 'off' }
});
