"""Linear algebra (docs/ir.md §3 "Linear algebra"): matmul, addmm, einsum; vector norms as IR ops."""
from __future__ import annotations

import math

from ._registry import Emit, translates
from .elementwise import reduce_dims


@translates("aten.matmul", "aten.mm", "aten.bmm")
def _matmul(ctx, node, a):
    other = a["other"] if "other" in a else a["mat2"]
    return Emit("matmul", [ctx.ref(a["self"]), ctx.ref(other)])


@translates("aten.addmm")
def _addmm(ctx, node, a):
    return Emit("addmm", [ctx.ref(a["self"]), ctx.ref(a["mat1"]), ctx.ref(a["mat2"])],
                {"beta": a["beta"], "alpha": a["alpha"]})


@translates("aten.einsum")
def _einsum(ctx, node, a):
    return Emit("einsum", [[ctx.ref(t) for t in a["tensors"]]], {"equation": a["equation"]})


@translates("aten.linalg_vector_norm")
def _vector_norm(ctx, node, a):
    # F.normalize and friends: ‖x‖_p = (Σ|x|^p)^(1/p) along dim, written with IR ops.
    x, p, name = ctx.ref(a["self"]), float(a["ord"]), node.name
    dims, keep = reduce_dims(a["dim"]), bool(a["keepdim"])
    absolute = ctx.fresh(f"{name}_abs")
    out = [Emit("abs", [x], name=absolute, shape=ctx.shape(a["self"]))]
    if math.isinf(p):
        out.append(Emit("amax" if p > 0 else "amin", [absolute], {"dim": dims, "keepdim": keep}))
        return out
    powered, summed = ctx.fresh(f"{name}_pow"), ctx.fresh(f"{name}_sum")
    out.append(Emit("pow", [absolute, p], name=powered, shape=ctx.shape(a["self"])))
    out.append(Emit("sum", [powered], {"dim": dims, "keepdim": keep}, name=summed))
    out.append(Emit("sqrt", [summed]) if p == 2 else Emit("pow", [summed, 1.0 / p]))
    return out
