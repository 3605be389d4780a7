#!/usr/bin/env bash
# Transport benchmark: kernel → browser throughput through a real Jupyter server, side by side with
# the JSON tolist() path and a raw loopback WebSocket. Needs scripts/install.sh (or setup.sh) first.
# Writes tests/bench/transport/results.{json,md} (results-$NETLENS_BENCH_TAG.* with a tag), then adds
# the raw WebSocket measured with no automation attached (raw_probe.py) and prints the table.
#   NETLENS_BENCH_SIZES=1,10,100,1024  NETLENS_BENCH_REPS=5  NETLENS_BENCH_JSON_MAX=10  NETLENS_BENCH_PATHS=netlens,json,raw,raw-1m
#   NETLENS_BENCH_WINDOW / NETLENS_BENCH_CHUNK_KIB (profiling: kernel transport settings)  NETLENS_CHROMIUM=/usr/bin/chromium
#   NETLENS_BENCH_REPORT_ONLY=1 rebuilds the Markdown from the JSON without measuring.
set -euo pipefail
cd "$(dirname "$0")/../../.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export PATH="$PWD/.venv/bin:$PATH"
out="tests/bench/transport/results${NETLENS_BENCH_TAG:+-$NETLENS_BENCH_TAG}.md"
node node_modules/@playwright/test/cli.js test -c tests/bench/transport/playwright.config.ts "$@"
if [ -z "${NETLENS_BENCH_REPORT_ONLY:-}" ]; then
  { echo; (cd tests/bench/transport && python raw_probe.py "${NETLENS_BENCH_SIZES:-1,10,100,1024}"); } >> "$out"
fi
echo
cat "$out"
