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
]


@pytest.mark.parametrize("name", MODULES)
def test_doc_examples_run(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
