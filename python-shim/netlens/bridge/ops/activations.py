"""Activations (docs/ir.md §3 "Activations"): relu … gelu, hardtanh/clamp, softmax."""
from __future__ import annotations

from .. import _messages as msg
from ._registry import Emit, Unsupported, translates

#: aten ops that are IR ops of the same name, with one tensor input and no attributes.
_UNARY = ("relu", "relu6", "sigmoid", "tanh", "silu", "hardsigmoid", "hardswish")


def _unary(op: str):
    def translate(ctx, node, a):
        return Emit(op, [ctx.ref(a["self"])])

    return translate


for _op in _UNARY:
    translates(f"aten.{_op}")(_unary(_op))

#: ReLU6 is hardtanh(0, 6) in aten; the IR has it as its own op.
_RELU6_BOUNDS = (0.0, 6.0)


@translates("aten.softplus")
def _softplus(ctx, node, a):
    return Emit("softplus", [ctx.ref(a["self"])], {"beta": a["beta"], "threshold": a["threshold"]})


@translates("aten.leaky_relu")
def _leaky_relu(ctx, node, a):
    return Emit("leaky_relu", [ctx.ref(a["self"])], {"negative_slope": a["negative_slope"]})


@translates("aten.elu")
def _elu(ctx, node, a):
    if a["scale"] != 1 or a["input_scale"] != 1:
        raise Unsupported(msg.elu_scale())
    return Emit("elu", [ctx.ref(a["self"])], {"alpha": a["alpha"]})


@translates("aten.gelu")
def _gelu(ctx, node, a):
    return Emit("gelu", [ctx.ref(a["self"])], {"approximate": a["approximate"]})


@translates("aten.hardtanh")
def _hardtanh(ctx, node, a):
    lo, hi = a["min_val"], a["max_val"]
    if (float(lo), float(hi)) == _RELU6_BOUNDS:
        return Emit("relu6", [ctx.ref(a["self"])])
    return Emit("hardtanh", [ctx.ref(a["self"])], {"min": ctx.attr(lo), "max": ctx.attr(hi)})


def _is_tensor_bound(ctx, v) -> bool:
    return v is not None and ctx.is_tensor(v)


@translates("aten.clamp")
def _clamp(ctx, node, a):
    lo, hi = a["min"], a["max"]
    if not (_is_tensor_bound(ctx, lo) or _is_tensor_bound(ctx, hi)):
        return Emit("clamp", [ctx.ref(a["self"])], {"min": ctx.attr(lo), "max": ctx.attr(hi)})
    # clamp(x, min_tensor, max_tensor) = minimum(maximum(x, min), max).
    out, x = [], ctx.ref(a["self"])
    if lo is not None:
        name = ctx.fresh(f"{node.name}_min")
        out.append(Emit("maximum", [x, ctx.ref(lo)], name=name))
        x = name
    out.append(Emit("minimum", [x, ctx.ref(hi)]) if hi is not None else Emit("identity", [x]))
    return out


@translates("aten.clamp_min")
def _clamp_min(ctx, node, a):
    if ctx.is_tensor(a["min"]):
        return Emit("maximum", [ctx.ref(a["self"]), ctx.ref(a["min"])])
    return Emit("clamp", [ctx.ref(a["self"])], {"min": ctx.attr(a["min"]), "max": None})


@translates("aten.clamp_max")
def _clamp_max(ctx, node, a):
    if ctx.is_tensor(a["max"]):
        return Emit("minimum", [ctx.ref(a["self"]), ctx.ref(a["max"])])
    return Emit("clamp", [ctx.ref(a["self"])], {"min": None, "max": ctx.attr(a["max"])})


@translates("aten.softmax", "aten._softmax")
def _softmax(ctx, node, a):
    return Emit("softmax", [ctx.ref(a["self"])], {"dim": a["dim"]})


@translates("aten.log_softmax", "aten._log_softmax")
def _log_softmax(ctx, node, a):
    return Emit("log_softmax", [ctx.ref(a["self"])], {"dim": a["dim"]})


@translates("aten.mish")
def _mish(ctx, node, a):
    # mish(x) = x · tanh(softplus(x)), written with IR ops (the IR has no mish).
    x = ctx.ref(a["self"])
    sp, th = ctx.fresh(f"{node.name}_softplus"), ctx.fresh(f"{node.name}_tanh")
    return [Emit("softplus", [x], {"beta": 1.0, "threshold": 20.0}, name=sp),
            Emit("tanh", [sp], name=th),
            Emit("mul", [x, th])]
