/**
 * End-to-end tests: a real JupyterLab server (started in global-setup.ts) and Debian's
 * Chromium with WebGPU enabled (SwiftShader on machines without a GPU). Playwright never
 * downloads a browser here.
 */
import { defineConfig } from '@playwright/test';

export const CHROMIUM_ARGS = [
  '--headless=new',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--enable-unsafe-webgpu',
  // WebGPU on SwiftShader (a CPU Vulkan driver): real WebGPU code paths on machines with no GPU.
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-webgpu-adapter=swiftshader'
];

export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  timeout: 8 * 60 * 1000,
  expect: { timeout: 60 * 1000 },
  workers: 1,
  retries: 0,
  globalSetup: require.resolve('./global-setup.ts'),
  globalTeardown: require.resolve('./global-teardown.ts'),
  outputDir: '../../test-results/e2e-artifacts',
  use: {
    headless: true,
    viewport: { width: 1400, height: 1000 },
    launchOptions: { executablePath: process.env.NETLENS_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
    screenshot: 'only-on-failure',
    trace: 'off'
  }
});
