"""The translator table: aten op name → a function that writes the IR node(s) for it.

A translator is `fn(ctx, node, a) -> Emit | list[Emit] | None` where `a` holds the node's
arguments by their schema names (defaults filled in), `ctx` encodes values (`ctx.ref` for tensor
inputs, `ctx.attr` for attributes) and None drops the node (assertions). A list emits helper
nodes first (each with its own `name`), then the node itself. Raising `Unsupported(reason)` turns
the node into one entry of UnsupportedOpError.

Example:
    >>> @translates("aten.doc_example")
    ... def _doc_example(ctx, node, a):
    ...     return Emit("relu", [ctx.ref(a["self"])])
    >>> lookup("aten.doc_example") is _doc_example, lookup("aten.doc_example_") is _doc_example
    (True, True)
    >>> del TRANSLATORS["aten.doc_example"]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Optional

Translator = Callable[..., Any]

#: Emit.shape / Emit.dtype default: the aten node's own output shape / dtype.
SAME: Any = type("Same", (), {"__repr__": lambda self: "SAME"})()

#: "aten.<op>" (any overload) or "aten.<op>.<overload>" → translator.
TRANSLATORS: Dict[str, Translator] = {}


@dataclass
class Emit:
    """One IR node to write. `name` only for helper nodes (the last Emit takes the aten node's
    name); `shape`/`dtype` only where they differ from the aten node's own output.
    `first_of_tuple`: the aten op returns a tuple whose element 0 is this IR op's single output
    (max_pool2d_with_indices, _native_batch_norm_legit_no_training): getitem 0 of it becomes
    `identity`, other elements are unsupported."""

    op: str
    inputs: List[Any] = field(default_factory=list)
    attrs: Dict[str, Any] = field(default_factory=dict)
    name: Optional[str] = None
    shape: Any = SAME
    dtype: Any = SAME
    first_of_tuple: bool = False


class Unsupported(Exception):
    """Raised by a translator: this use of the op has no IR spelling; args[0] says why."""


def translates(*names: str) -> Callable[[Translator], Translator]:
    """Register a translator for aten op names (`aten.linear`) or overloads (`aten.div.Tensor_mode`)."""

    def register(fn: Translator) -> Translator:
        for name in names:
            TRANSLATORS[name] = fn
        return fn

    return register


def lookup(name: str, overload: Optional[str] = None) -> Optional[Translator]:
    """The translator for an op; in-place variants (`relu_`, `add_`) use the out-of-place one,
    which is exact because torch.export retargets later uses to the in-place node's result
    (in-place updates through views are functionalized before translation)."""
    for key in ([f"{name}.{overload}"] if overload else []) + [name]:
        if key in TRANSLATORS:
            return TRANSLATORS[key]
    if name.endswith("_") and not name.endswith("__"):
        return lookup(name[:-1], overload)
    return None


def base_name(node: Any) -> str:
    """The aten op's name without namespace and in-place underscore: `aten::add_` → `add`."""
    name = node.target._schema.name.split("::")[-1]
    return name[:-1] if name.endswith("_") and not name.endswith("__") else name


def bind(node: Any) -> Dict[str, Any]:
    """The node's arguments by schema name, defaults filled in (absent optionals are None)."""
    schema = node.target._schema
    out: Dict[str, Any] = {}
    positional = [a for a in schema.arguments if not a.kwarg_only]
    for i, arg in enumerate(schema.arguments):
        if not arg.kwarg_only and i < len(node.args) and i < len(positional):
            out[arg.name] = node.args[i]
        elif arg.name in node.kwargs:
            out[arg.name] = node.kwargs[arg.name]
        elif arg.has_default_value():
            out[arg.name] = arg.default_value
        else:
            out[arg.name] = None
    return out
