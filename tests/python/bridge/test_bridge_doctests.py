"""The examples in the bridge tests' own helpers run (the package's are in tests/python/test_doctests.py)."""
import doctest

import ir_eval
import suite_loader


def test_helper_and_suite_doc_examples_run():
    for module in (ir_eval, suite_loader, suite_loader.load_suite()):
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
        assert result.failed == 0, module.__name__
