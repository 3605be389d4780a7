"""Loads tests/models/suite.py (not a package) for the bridge tests.

Example:
    >>> "resnet18" in load_suite().SUITE
    True
"""
from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SUITE_FILE = Path(__file__).resolve().parents[2] / "models" / "suite.py"
MODULE_NAME = "netlens_model_suite"


def load_suite():
    if MODULE_NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(MODULE_NAME, SUITE_FILE)
        module = importlib.util.module_from_spec(spec)
        sys.modules[MODULE_NAME] = module  # dataclasses resolve their module through sys.modules
        spec.loader.exec_module(module)
    return sys.modules[MODULE_NAME]


SUITE = load_suite().SUITE
