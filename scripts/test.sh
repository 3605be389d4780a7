#!/usr/bin/env bash
# Quick start, command 2: run the whole test suite (installs what is missing first).
#   pytest (python-shim) · jest on the tfjs CPU backend · jest on WebGPU (Dawn + SwiftShader)
#   · end-to-end in JupyterLab + Chromium (Playwright).
# Ends with one line "N passed, N failed" over all suites; exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh || { echo "0 passed, 1 failed"; exit 1; }
export PATH="$PWD/.venv/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export VK_ICD_FILENAMES=${VK_ICD_FILENAMES:-/usr/lib/chromium/vk_swiftshader_icd.json}
out=test-results
rm -rf "$out" && mkdir -p "$out"
status=0

suite() { echo; echo "==> $1"; }

suite "pytest (tests/python)"
python -m pytest tests/python -q --junitxml="$out/pytest.xml" || status=1

suite "jest on the tfjs CPU backend"
npx jest --selectProjects unit --runInBand --json --outputFile="$out/jest-unit.json" || status=1

suite "jest on WebGPU (Dawn + SwiftShader)"
npx jest --selectProjects webgpu --runInBand --json --outputFile="$out/jest-webgpu.json" || status=1

suite "end to end: JupyterLab + Chromium"
PLAYWRIGHT_JSON_OUTPUT_NAME="$PWD/$out/e2e.json" npx playwright test -c tests/e2e/playwright.config.ts --reporter=list,json || status=1

echo
python scripts/summarize.py "$out" || status=1
exit $status
