#!/usr/bin/env bash
# Attribution benchmark: every attribution method on one model and inputs, netlens in Chromium per
# tfjs backend (WebGPU, WebGL, WASM, CPU; SwiftShader where there is no GPU) against Captum on
# PyTorch CPU on the same machine, plus the peak memory of integrated gradients at 50 and 200 steps.
# Needs scripts/install.sh first (and npm run build:lib after changing src/). Writes
# tests/bench/attribution/results.{json,md}.
#   NETLENS_BENCH_BACKENDS=webgpu,webgl,wasm,cpu  NETLENS_BENCH_REPS=5  NETLENS_BENCH_MAX_S=60
#   NETLENS_BENCH_ONLY=saliency,lrp (browser methods subset)  NETLENS_BENCH_SCRATCH=/tmp/…
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PWD/.venv/bin:$PATH"
export NETLENS_BENCH_SCRATCH=${NETLENS_BENCH_SCRATCH:-$(mktemp -d /tmp/netlens-bench-attribution.XXXX)}
echo "==> scratch $NETLENS_BENCH_SCRATCH"
python tests/bench/attribution/prepare.py "$NETLENS_BENCH_SCRATCH"
npx webpack --config tests/bench/attribution/webpack.config.js --env out="$NETLENS_BENCH_SCRATCH" >/dev/null
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$NETLENS_BENCH_SCRATCH/"
echo "==> Captum (PyTorch CPU)"
python tests/bench/attribution/captum_bench.py "$NETLENS_BENCH_SCRATCH"
echo "==> netlens in Chromium"
node node_modules/@playwright/test/cli.js test -c tests/bench/attribution/playwright.config.ts
python tests/bench/attribution/report.py "$NETLENS_BENCH_SCRATCH"
