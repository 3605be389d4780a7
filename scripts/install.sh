#!/usr/bin/env bash
# Installs everything netlens needs on a fresh Debian machine, idempotently:
#   apt: Chromium (+ driver) for the end-to-end tests, libvulkan1 for WebGPU under Node
#   python: a virtual environment in .venv with JupyterLab, the test references and netlens
#   npm: the front end's dependencies, then the build (lib/, labextension, dist/index.js)
# Re-running it only does what is missing (set NETLENS_REBUILD=1 to force the JS build).
set -euo pipefail
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
VENV=${NETLENS_VENV:-.venv}

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need_apt+=(chromium-driver)
[ -e /usr/lib/x86_64-linux-gnu/libvulkan.so.1 ] || [ -e /usr/lib/aarch64-linux-gnu/libvulkan.so.1 ] || need_apt+=(libvulkan1)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> python venv in $VENV"
  python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
stamp="$VENV/.netlens-deps"
if [ ! -f "$stamp" ] || [ python-shim/requirements-dev.txt -nt "$stamp" ]; then
  echo "==> pip install (python-shim/requirements-dev.txt)"
  "$PY" -m pip install -q --upgrade pip
  "$PY" -m pip install -q -r python-shim/requirements-dev.txt
  touch "$stamp"
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
fi

# The JupyterLab builder runs `jupyter labextension build`, so the venv must be on PATH.
export PATH="$PWD/$VENV/bin:$PATH"
if [ "${NETLENS_REBUILD:-0}" = 1 ] || [ ! -f python-shim/netlens/labextension/package.json ] || [ ! -f dist/index.js ] \
   || [ -n "$(find src style package.json webpack.config.js webpack.lab.js webpack.rules.js -newer dist/index.js -print -quit)" ]; then
  echo "==> npm run build"
  npm run build --silent
fi

echo "==> pip install ./python-shim"
"$PY" -m pip install -q --no-deps --no-build-isolation --force-reinstall ./python-shim
"$PY" -c "import netlens; print('netlens', netlens.__version__, 'installed in', '$VENV')"
