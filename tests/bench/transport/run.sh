#!/usr/bin/env bash
# Transport benchmark: kernel → browser throughput through a real Jupyter server, side by side with
# the JSON tolist() path and a raw loopback WebSocket. Needs scripts/install.sh (or setup.sh) first.
# Writes tests/bench/transport/results.{json,md} and prints the table.
#   NETLENS_BENCH_SIZES=1,10,100,1024  NETLENS_BENCH_REPS=3  NETLENS_BENCH_JSON_MAX=100  NETLENS_CHROMIUM=/usr/bin/chromium
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PWD/.venv/bin:$PATH"
node node_modules/@playwright/test/cli.js test -c tests/bench/transport/playwright.config.ts "$@"
echo
cat "tests/bench/transport/results${NETLENS_BENCH_TAG:+-$NETLENS_BENCH_TAG}.md"
