"""Glue (docs/ir.md §3 "Glue"): no-ops folded to `identity`, `detach`, assertions dropped, and the
`sym_*` integer ops that compute dynamic sizes."""
from __future__ import annotations

import operator

from .. import _messages as msg
from ._registry import Emit, Unsupported, translates

#: aten ops that return their input unchanged in an eval-mode forward.
_IDENTITY = ("contiguous", "clone", "alias", "lift_fresh_copy", "lift_fresh", "positive", "resolve_conj",
             "resolve_neg")
#: Checks torch.export records; they compute nothing, so the IR leaves them out.
_ASSERTIONS = ("_assert_tensor_metadata", "_assert_scalar", "_assert_async", "sym_constrain_range",
               "sym_constrain_range_for_size", "_functional_assert_scalar", "_functional_assert_async",
               "_functional_sym_constrain_range", "_functional_sym_constrain_range_for_size", "_check_is_size")
#: Python int ops on symbolic sizes → IR sym ops.
SYM_OPS = {operator.add: "sym_add", operator.sub: "sym_sub", operator.mul: "sym_mul",
           operator.floordiv: "sym_floordiv"}


@translates(*(f"aten.{k}" for k in _IDENTITY))
def _identity(ctx, node, a):
    return Emit("identity", [ctx.ref(a["self"])])


@translates("aten.dropout", "aten.feature_dropout", "aten.alpha_dropout", "aten.feature_alpha_dropout")
def _dropout(ctx, node, a):
    if a["train"] and a["p"]:
        raise Unsupported(msg.dropout_training())
    return Emit("identity", [ctx.ref(a["input"])])


@translates("aten.detach")
def _detach(ctx, node, a):
    return Emit("detach", [ctx.ref(a["self"])])


@translates(*(f"aten.{k}" for k in _ASSERTIONS))
def _assertion(ctx, node, a):
    return None


@translates("aten.sym_size.int")
def _sym_size(ctx, node, a):
    return Emit("sym_size", [ctx.ref(a["self"])], {"dim": a["dim"]})


def sym_op(ctx, node) -> Emit:
    """operator.add / sub / mul / floordiv on symbolic ints (not aten ops: no schema)."""
    op = SYM_OPS.get(node.target)
    if op is None or len(node.args) != 2:
        raise Unsupported(msg.sym_op_missing())
    return Emit(op, [ctx.ref(v) for v in node.args])
