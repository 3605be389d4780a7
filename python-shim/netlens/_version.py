"""Package version and widget module identity.

The version lives in ../package.json (the npm package is the source of truth), so the
Python shim and the JupyterLab extension are released in lockstep. The browser registers
its widget models under the same module name and version; ipywidgets matches them by a
semver range, hence the caret in MODULE_VERSION.
"""
from __future__ import annotations

import json
from importlib.metadata import PackageNotFoundError, version as _dist_version
from pathlib import Path

#: npm and Python distribution name; also the ipywidgets module name the browser registers.
MODULE_NAME = "netlens"

#: package.json of a source checkout: python-shim/netlens/_version.py -> ../../package.json.
_SOURCE_PACKAGE_JSON = Path(__file__).resolve().parents[2] / "package.json"

#: Shown when neither an installed distribution nor a source checkout says the version.
_UNKNOWN_VERSION = "0.0.0"


def _read_version() -> str:
    """Installed distribution first; a source checkout (tests, editable work) second."""
    try:
        return _dist_version(MODULE_NAME)
    except PackageNotFoundError:
        pass
    try:
        return str(json.loads(_SOURCE_PACKAGE_JSON.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        return _UNKNOWN_VERSION


__version__ = _read_version()

#: Semver range for `_model_module_version`: any compatible build of the front end matches.
MODULE_VERSION = "^" + __version__
