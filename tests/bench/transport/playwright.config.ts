/**
 * Transport benchmark (not part of the normal test suite): kernel → browser throughput through
 * a real Jupyter server, against the JSON `tolist()` path and a raw loopback WebSocket.
 * Run with tests/bench/transport/run.sh (or `npx playwright test -c tests/bench/transport/playwright.config.ts`).
 * bench.spec.ts launches its own Chromium (Debian's, with the e2e CHROMIUM_ARGS) so it can kill it.
 */
import { benchConfig } from '../shared/playwright-config';

export default benchConfig('transport');
