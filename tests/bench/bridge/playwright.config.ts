/**
 * Model-bridge benchmark (not part of the normal test suite): export, weights transfer,
 * compile and forward of a ResNet-18-size model, per tfjs backend, against PyTorch in the kernel.
 * Run with tests/bench/bridge/run.sh (or `npx playwright test -c tests/bench/bridge/playwright.config.ts`).
 * bench.spec.ts launches its own Chromium per round (Debian's, with the e2e CHROMIUM_ARGS).
 */
import { benchConfig } from '../shared/playwright-config';

export default benchConfig('bridge');
