/**
 * Two projects run the same method tests on two backends (STYLE.md: tests written once, run
 * on every backend):
 *   unit   — everything under tests/unit on the tfjs CPU backend;
 *   webgpu — tests/unit/methods plus tests/webgpu on tfjs WebGPU, via Dawn (Node bindings of
 *            Chrome's WebGPU) on SwiftShader, a CPU Vulkan driver, so no GPU is needed.
 *
 * ts-jest compiles with tsconfig.test.json (CommonJS; isolatedModules, i.e. transpile only,
 * because type-checking every file per worker is slow on small machines; the types are
 * checked by `tsc -p tsconfig.test.json`).
 */
/**
 * Debian's Chromium ships SwiftShader's Vulkan ICD. Dawn reads VK_ICD_FILENAMES from the real
 * process environment when it creates its instance; a test's `process.env` is a sandboxed copy,
 * so the variable must be set here, in the jest process, before workers are forked.
 */
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
process.env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;

const transform = { '^.+\\.tsx?$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.test.json' }] };

const common = {
  testEnvironment: 'node',
  transform,
  moduleFileExtensions: ['ts', 'tsx', 'js', 'json', 'node'],
  testMatch: ['**/*.test.ts'],
};

module.exports = {
  // PyTorch reference fixtures (tests/fixtures/make.py), written once before all projects.
  globalSetup: '<rootDir>/tests/jest/global-setup.js',
  projects: [
    {
      ...common,
      displayName: 'unit',
      roots: ['<rootDir>/tests/unit'],
      setupFilesAfterEnv: ['<rootDir>/tests/jest/setup-cpu.ts'],
      globals: { NETLENS_TEST_BACKEND: 'cpu' }
    },
    {
      ...common,
      displayName: 'webgpu',
      roots: [
        '<rootDir>/tests/unit/methods',
        '<rootDir>/tests/unit/runtime/ops',
        '<rootDir>/tests/unit/runtime/graph',
        '<rootDir>/tests/webgpu'
      ],
      setupFilesAfterEnv: ['<rootDir>/tests/jest/setup-webgpu.ts'],
      globals: { NETLENS_TEST_BACKEND: 'webgpu' }
    }
  ]
};
