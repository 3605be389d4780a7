"""Make the shim importable from a plain checkout: python-shim/ goes on sys.path unless netlens
is installed (pip install -e python-shim puts the same code there)."""
import importlib.util
import sys
from pathlib import Path

SHIM = Path(__file__).resolve().parents[2] / "python-shim"

if importlib.util.find_spec("netlens") is None:
    sys.path.insert(0, str(SHIM))
