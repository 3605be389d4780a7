"""Creation ops (docs/ir.md §3 "Creation"): full, full_like, arange."""
from __future__ import annotations

from ._registry import Emit, base_name, translates

#: aten creation ops → the fill value they imply (None: taken from the arguments).
_FULL = {"full": None, "zeros": 0, "ones": 1, "empty": 0, "new_full": None, "new_zeros": 0, "new_ones": 1,
         "new_empty": 0, "scalar_tensor": None}
_FULL_LIKE = {"full_like": None, "zeros_like": 0, "ones_like": 1, "empty_like": 0}


@translates(*(f"aten.{k}" for k in _FULL))
def _full(ctx, node, a):
    name = base_name(node)
    value = _FULL[name]
    if name == "scalar_tensor":
        value, size = a["s"], []
    else:
        value = a["fill_value"] if value is None else value
        size = list(a["size"])
    # The uninitialized values of empty/new_empty are never read by a correct model: zeros.
    return Emit("full", [], {"size": ctx.attr(size), "value": ctx.attr(value), "dtype": ctx.dtype(node)})


@translates(*(f"aten.{k}" for k in _FULL_LIKE))
def _full_like(ctx, node, a):
    value = _FULL_LIKE[base_name(node)]
    value = a["fill_value"] if value is None else value
    dtype = ctx.dtype(node)
    return Emit("full_like", [ctx.ref(a["self"])],
                {"value": ctx.attr(value), "dtype": None if dtype == ctx.dtype(a["self"]) else dtype})


@translates("aten.arange")
def _arange(ctx, node, a):
    start = a.get("start", 0)
    step = a.get("step", 1)
    return Emit("arange", [], {"start": ctx.attr(start), "end": ctx.attr(a["end"]), "step": ctx.attr(step),
                               "dtype": ctx.dtype(node)})
