#!/usr/bin/env bash
# Quick start, command 1: install everything and open the main example in JupyterLab.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
exec .venv/bin/jupyter lab examples/01-tensor-view.ipynb "$@"
