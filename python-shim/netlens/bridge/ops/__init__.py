"""aten → IR op translators, one module per family of docs/ir.md §3 (importing them fills the table).

Example:
    >>> from netlens.bridge.ops import lookup
    >>> lookup("aten.linear") is not None, lookup("aten.unfold") is None
    (True, True)
"""
from . import activations, creation, elementwise, glue, layers, linalg, shape  # noqa: F401  (registration)
from ._registry import SAME, TRANSLATORS, Emit, Unsupported, bind, lookup
from .glue import SYM_OPS, sym_op

__all__ = ["SAME", "SYM_OPS", "TRANSLATORS", "Emit", "Unsupported", "bind", "lookup", "sym_op"]
