/**
 * Attribution benchmark (not part of the normal test suite): netlens's methods per tfjs backend in
 * Chromium against Captum on PyTorch CPU. Run with tests/bench/attribution/run.sh.
 */
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: '.',
  testMatch: /bench\.spec\.ts/,
  timeout: 4 * 60 * 60 * 1000,
  workers: 1,
  retries: 0,
  reporter: 'list',
  outputDir: '../../../test-results/bench-attribution'
});
