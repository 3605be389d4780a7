"""Elementwise ops, comparisons, logic and reductions (docs/ir.md §3 "Elementwise and reductions")."""
from __future__ import annotations

from .. import _messages as msg
from ._registry import Emit, Unsupported, base_name, translates

_UNARY = ("neg", "abs", "exp", "log", "sqrt", "rsqrt", "reciprocal", "sin", "cos", "erf")
_BINARY = ("mul", "maximum", "minimum", "eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or")
#: aten aliases of IR ops.
_ALIASES = {"multiply": "mul", "greater": "gt", "greater_equal": "ge", "less": "lt", "less_equal": "le",
            "not_equal": "ne", "negative": "neg"}


def _unary(op: str):
    def translate(ctx, node, a):
        return Emit(op, [ctx.ref(a["self"])])

    return translate


def _binary(op: str):
    def translate(ctx, node, a):
        return Emit(op, [ctx.ref(a["self"]), ctx.ref(a["other"])])

    return translate


for _op in _UNARY:
    translates(f"aten.{_op}")(_unary(_op))
for _op in _BINARY:
    translates(f"aten.{_op}")(_binary(_op))
for _alias, _op in _ALIASES.items():
    translates(f"aten.{_alias}")(_unary(_op) if _op in _UNARY else _binary(_op))


@translates("aten.add", "aten.sub", "aten.subtract")
def _add_sub(ctx, node, a):
    op = "add" if base_name(node) == "add" else "sub"
    return Emit(op, [ctx.ref(a["self"]), ctx.ref(a["other"])], {"alpha": a["alpha"]})


@translates("aten.rsub")
def _rsub(ctx, node, a):
    # rsub(x, other, alpha) = other − alpha·x
    return Emit("sub", [ctx.ref(a["other"]), ctx.ref(a["self"])], {"alpha": a["alpha"]})


@translates("aten.div", "aten.divide", "aten.true_divide")
def _div(ctx, node, a):
    return Emit("div", [ctx.ref(a["self"]), ctx.ref(a["other"])], {"rounding_mode": a.get("rounding_mode")})


@translates("aten.floor_divide")
def _floor_divide(ctx, node, a):
    return Emit("div", [ctx.ref(a["self"]), ctx.ref(a["other"])], {"rounding_mode": "floor"})


@translates("aten.pow")
def _pow(ctx, node, a):
    return Emit("pow", [ctx.ref(a["self"]), ctx.ref(a["exponent"])])


@translates("aten.square")
def _square(ctx, node, a):
    return Emit("pow", [ctx.ref(a["self"]), 2])


def _logical(op: str, bitwise: str):
    def translate(ctx, node, a):
        operands = [a["self"]] + ([a["other"]] if "other" in a else [])
        if any(ctx.is_tensor(v) and ctx.dtype(v) != "bool" for v in operands):
            raise Unsupported(msg.not_bool(f"aten.{bitwise}"))
        return Emit(op, [ctx.ref(v) for v in operands])

    return translate


translates("aten.logical_not")(_logical("logical_not", "logical_not"))
translates("aten.bitwise_not")(_logical("logical_not", "bitwise_not"))
translates("aten.bitwise_and", "aten.__and__")(_logical("logical_and", "bitwise_and"))
translates("aten.bitwise_or", "aten.__or__")(_logical("logical_or", "bitwise_or"))


@translates("aten.where")
def _where(ctx, node, a):
    if "self" not in a:  # where(condition) is nonzero: data-dependent shape
        raise Unsupported(msg.where_indices())
    return Emit("where", [ctx.ref(a["condition"]), ctx.ref(a["self"]), ctx.ref(a["other"])])


@translates("aten.masked_fill")
def _masked_fill(ctx, node, a):
    return Emit("masked_fill", [ctx.ref(a["self"]), ctx.ref(a["mask"]), ctx.ref(a["value"])])


def reduce_dims(dim):
    """aten's dim for reductions: None or [] means all dims (IR: null)."""
    if dim is None:
        return None
    dims = list(dim) if isinstance(dim, (list, tuple)) else [dim]
    return dims or None


def _reduction(op: str):
    def translate(ctx, node, a):
        return Emit(op, [ctx.ref(a["self"])], {"dim": reduce_dims(a.get("dim")), "keepdim": bool(a.get("keepdim", False))})

    return translate


for _op in ("sum", "mean", "amax", "amin"):
    translates(f"aten.{_op}")(_reduction(_op))


@translates("aten.max", "aten.min")
def _max_min(ctx, node, a):
    is_max = base_name(node) == "max"
    if "other" in a:
        return Emit("maximum" if is_max else "minimum", [ctx.ref(a["self"]), ctx.ref(a["other"])])
    if "dim" not in a:
        return Emit("amax" if is_max else "amin", [ctx.ref(a["self"])], {"dim": None, "keepdim": False})
    if not is_max:
        raise Unsupported(msg.min_dim())
    return Emit("max_dim", [ctx.ref(a["self"])], {"dim": a["dim"], "keepdim": bool(a["keepdim"])})


def _correction(a) -> float:
    if "correction" in a:
        return 1 if a["correction"] is None else a["correction"]
    return 1 if a.get("unbiased", True) else 0


def _var_emit(ctx, a, name=None) -> Emit:
    return Emit("var", [ctx.ref(a["self"])],
                {"dim": reduce_dims(a.get("dim")), "correction": _correction(a), "keepdim": bool(a.get("keepdim", False))},
                name=name)


@translates("aten.var")
def _var(ctx, node, a):
    return _var_emit(ctx, a)


@translates("aten.std")
def _std(ctx, node, a):
    var = ctx.fresh(f"{node.name}_var")
    return [_var_emit(ctx, a, var), Emit("sqrt", [var])]


@translates("aten.argmax")
def _argmax(ctx, node, a):
    return Emit("argmax", [ctx.ref(a["self"])], {"dim": a["dim"], "keepdim": bool(a["keepdim"])})


def _cast_to(ctx, node, x):
    """`cast` when the IR dtype changes, `identity` when it does not (float64 → float32 is free)."""
    want = ctx.dtype(node)
    if ctx.is_tensor(x) and ctx.dtype(x) == want:
        return Emit("identity", [ctx.ref(x)])
    return Emit("cast", [ctx.ref(x)], {"dtype": want})


@translates("aten.to", "aten._to_copy", "aten.type_as", "aten._to_dim_order_copy")
def _to(ctx, node, a):
    return _cast_to(ctx, node, a["self"])
