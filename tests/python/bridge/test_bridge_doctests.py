"""The examples in the bridge's doc comments run (STYLE.md: examples are documentation)."""
import doctest
import importlib

import pytest

import suite_loader

MODULES = [
    "netlens.bridge",
    "netlens.bridge._capture",
    "netlens.bridge._modules",
    "netlens.bridge._values",
    "netlens.bridge.errors",
    "netlens.bridge.kernel",
    "netlens.bridge.model",
    "netlens.bridge.ops",
    "netlens.bridge.ops._registry",
    "ir_eval",
    "suite_loader",
]


@pytest.mark.parametrize("name", MODULES)
def test_doc_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0


def test_suite_doc_examples_run():
    result = doctest.testmod(suite_loader.load_suite(), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
