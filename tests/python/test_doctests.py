"""The examples in the shim's doc comments run (STYLE.md: examples are documentation)."""
import doctest
import importlib

import pytest

MODULES = [
    "netlens._arrow",
    "netlens._protocol",
    "netlens._sending",
    "netlens._receiving",
    "netlens.widgets._dim_order",
    "netlens.widgets._labels",
    "netlens.widgets._callbacks",
    "netlens.bridge",
    "netlens.bridge._capture",
    "netlens.bridge._modules",
    "netlens.bridge._values",
    "netlens.bridge.errors",
    "netlens.bridge.kernel",
    "netlens.bridge.model",
    "netlens.bridge.ops",
    "netlens.bridge.ops._registry",
    "netlens.attention",
    "netlens.attention._capture",
    "netlens.attention._check",
    "netlens.attention._reference",
    "netlens.hidden",
]


@pytest.mark.parametrize("name", MODULES)
def test_doc_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
