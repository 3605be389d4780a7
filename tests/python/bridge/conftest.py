"""Shared fixture of the bridge tests: the model suite's exports, made once per session
(exporting all of tests/models/suite.py takes ~10 s)."""
from __future__ import annotations

import pytest

from suite_loader import SUITE


@pytest.fixture(scope="session")
def exported_suite():
    """get(name) → (Spec, ExportedModel), exported on first use."""
    import torch

    import netlens

    torch.set_num_threads(1)  # the test machine's cores are shared
    cache = {}

    def get(name):
        if name not in cache:
            spec = SUITE[name]()
            cache[name] = (spec, netlens.export(spec.model, spec.inputs))
        return cache[name]

    return get
