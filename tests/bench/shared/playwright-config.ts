/** The Playwright config every benchmark shares: one long test, one worker, no retries, no trace. */
import { defineConfig } from '@playwright/test';

/**
 * The config of benchmark `name` (its bench.spec.ts, next to the config that calls this);
 * artifacts go to test-results/bench-`name`-artifacts. The spec launches its own Chromium.
 *
 * @example
 * export default benchConfig('transport');
 */
export function benchConfig(name: string) {
  return defineConfig({
    testDir: '.',
    testMatch: /bench\.spec\.ts/,
    timeout: 120 * 60 * 1000,
    workers: 1,
    retries: 0,
    reporter: [['list']],
    outputDir: `../../../test-results/bench-${name}-artifacts`,
    use: { trace: 'off' }
  });
}
