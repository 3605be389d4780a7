#!/usr/bin/env bash
# Model-bridge benchmark: a ResNet-18-size model (tests/models/suite.py resnet18, 224×224, batch 1)
# exported in a real kernel, sent to Chromium through a real Jupyter server, compiled and run per
# tfjs backend (webgpu, webgl, wasm, cpu; SwiftShader where there is no GPU), against PyTorch's CPU
# forward in the same kernel. Needs scripts/install.sh (or setup.sh) first and an up-to-date
# labextension (npm run build:lib && npm run build:labextension). Writes tests/bench/bridge/results.{json,md}
# (results-$NETLENS_BENCH_TAG.* with a tag).
#   NETLENS_BENCH_ROUNDS=3 (fresh Chromium each)  NETLENS_BENCH_BACKENDS=webgpu,webgl,wasm,cpu
#   NETLENS_BENCH_STEADY_REPS=10  NETLENS_BENCH_CPU_REPS=3  NETLENS_BENCH_MIN_REPS=3  NETLENS_BENCH_MAX_STEADY_S=45
#   NETLENS_BENCH_EXPORT_REPS=3  NETLENS_BENCH_TORCH_WARMUP=2  NETLENS_BENCH_TORCH_REPS=10
#   NETLENS_BENCH_MODEL=standin (a small model, to try the harness)  NETLENS_CHROMIUM=/usr/bin/chromium
#   NETLENS_BENCH_TAG=trial (results-trial.*, leaves results.* alone)
#   NETLENS_BENCH_REPORT_ONLY=1 rebuilds results.md from results.json without measuring.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PWD/.venv/bin:$PATH"
out="tests/bench/bridge/results${NETLENS_BENCH_TAG:+-$NETLENS_BENCH_TAG}.md"
node node_modules/@playwright/test/cli.js test -c tests/bench/bridge/playwright.config.ts "$@"
echo
cat "$out"
