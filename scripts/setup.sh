#!/usr/bin/env bash
# Quick start, command 1: install everything and open the main example (attribution) in JupyterLab.
# Extra arguments go to `jupyter lab` (e.g. --port 8899 or --no-browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
extra=()
# jupyter_server refuses to run as root (containers, CI images) unless told it may.
[ "$(id -u)" -ne 0 ] || extra+=(--allow-root)
exec .venv/bin/jupyter lab examples/02-attribution.ipynb "${extra[@]}" "$@"
