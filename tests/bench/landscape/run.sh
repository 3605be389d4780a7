#!/usr/bin/env bash
# Loss-landscape benchmark: grid points per second of netlens in Chromium per tfjs backend (WebGPU,
# WebGL, WASM, CPU; SwiftShader where there is no GPU), of loss-landscapes and of netlens' kernel
# path on PyTorch CPU, and of netlens' Dask path on 1 and 2 worker processes, for the same model,
# data and grid. Needs scripts/install.sh first (and npm run build:lib after changing src/).
# Writes tests/bench/landscape/results.{json,md}.
#   NETLENS_BENCH_BACKENDS=webgpu,webgl,wasm,cpu  NETLENS_BENCH_MAX_S=120 (per backend)
#   NETLENS_BENCH_MIN_POINTS=3  NETLENS_BENCH_REPS=3 (kernel grids)  NETLENS_BENCH_RESOLUTION=9
#   NETLENS_BENCH_BATCH=128  NETLENS_BENCH_DASK_WORKERS=1,2  NETLENS_BENCH_SCRATCH=/tmp/…
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PWD/.venv/bin:$PATH"
export NETLENS_BENCH_SCRATCH=${NETLENS_BENCH_SCRATCH:-$(mktemp -d /tmp/netlens-bench-landscape.XXXX)}
echo "==> scratch $NETLENS_BENCH_SCRATCH"
python tests/bench/landscape/prepare.py "$NETLENS_BENCH_SCRATCH"
npx webpack --config tests/bench/landscape/webpack.config.js --env out="$NETLENS_BENCH_SCRATCH" >/dev/null
cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$NETLENS_BENCH_SCRATCH/"
echo "==> loss-landscapes, netlens kernel and Dask (PyTorch CPU)"
python tests/bench/landscape/kernel_bench.py "$NETLENS_BENCH_SCRATCH"
echo "==> netlens in Chromium"
node node_modules/@playwright/test/cli.js test -c tests/bench/landscape/playwright.config.ts
python tests/bench/landscape/report.py "$NETLENS_BENCH_SCRATCH"
