"""Shape and indexing ops (docs/ir.md §3 "Shape and indexing")."""
from __future__ import annotations

from .. import _messages as msg
from .._values import INT32_MAX
from ._registry import Emit, Unsupported, base_name, translates


@translates("aten.view", "aten.reshape", "aten._unsafe_view")
def _reshape(ctx, node, a):
    size = a.get("size", a.get("shape"))
    if size is None or not isinstance(size, (list, tuple)):  # view(dtype) reinterprets bits
        raise Unsupported(msg.bit_cast())
    return Emit("reshape", [ctx.ref(a["self"])], {"shape": ctx.attr(list(size))})


@translates("aten.flatten.using_ints")
def _flatten(ctx, node, a):
    return Emit("flatten", [ctx.ref(a["self"])], {"start_dim": a["start_dim"], "end_dim": a["end_dim"]})


@translates("aten.unflatten.int")
def _unflatten(ctx, node, a):
    return Emit("unflatten", [ctx.ref(a["self"])], {"dim": a["dim"], "sizes": ctx.attr(list(a["sizes"]))})


@translates("aten.permute")
def _permute(ctx, node, a):
    return Emit("permute", [ctx.ref(a["self"])], {"dims": list(a["dims"])})


@translates("aten.transpose.int", "aten.swapaxes", "aten.swapdims")
def _transpose(ctx, node, a):
    d0 = a.get("dim0", a.get("axis0"))
    d1 = a.get("dim1", a.get("axis1"))
    return Emit("transpose", [ctx.ref(a["self"])], {"dim0": d0, "dim1": d1})


@translates("aten.t")
def _t(ctx, node, a):
    if ctx.rank(a["self"]) < 2:
        return Emit("identity", [ctx.ref(a["self"])])
    return Emit("transpose", [ctx.ref(a["self"])], {"dim0": 0, "dim1": 1})


@translates("aten.numpy_T")
def _numpy_t(ctx, node, a):
    return Emit("permute", [ctx.ref(a["self"])], {"dims": list(range(ctx.rank(a["self"])))[::-1]})


@translates("aten.unsqueeze")
def _unsqueeze(ctx, node, a):
    return Emit("unsqueeze", [ctx.ref(a["self"])], {"dim": a["dim"]})


@translates("aten.squeeze")
def _squeeze(ctx, node, a):
    dim = a.get("dim")
    dims = None if dim is None else (list(dim) if isinstance(dim, (list, tuple)) else [dim])
    return Emit("squeeze", [ctx.ref(a["self"])], {"dims": dims})


@translates("aten.expand")
def _expand(ctx, node, a):
    return Emit("expand", [ctx.ref(a["self"])], {"size": ctx.attr(list(a["size"]))})


def _sizes_of(ctx, node, other, keep) -> tuple:
    """(helper sym_size nodes, size attr) spelling `other`'s shape; `keep(i, d)` → -1 instead."""
    out, size = [], []
    for i, d in enumerate(ctx.shape(other)):
        if isinstance(d, int):
            size.append(d)
        elif keep(i, d):
            size.append(-1)
        else:
            name = ctx.fresh(f"{node.name}_size{i}")
            out.append(Emit("sym_size", [ctx.ref(other)], {"dim": i}, name=name, shape=None, dtype="int"))
            size.append({"ref": name})
    return out, size


@translates("aten.expand_as")
def _expand_as(ctx, node, a):
    # Fixed dims as ints, dynamic dims that already match as -1 (keep), and a sym_size of
    # `other` where a dynamic dim is broadcast from 1.
    x_shape, target = ctx.shape(a["self"]), ctx.shape(a["other"])
    offset = len(target) - len(x_shape)
    out, size = _sizes_of(ctx, node, a["other"], lambda i, d: i >= offset and x_shape[i - offset] == d)
    return out + [Emit("expand", [ctx.ref(a["self"])], {"size": size})]


@translates("aten.view_as", "aten.reshape_as")
def _view_as(ctx, node, a):
    # One dynamic dim may be -1 (inferred); others come from sym_size of `other`.
    first = next((i for i, d in enumerate(ctx.shape(a["other"])) if not isinstance(d, int)), None)
    out, size = _sizes_of(ctx, node, a["other"], lambda i, d: i == first)
    return out + [Emit("reshape", [ctx.ref(a["self"])], {"shape": size})]


@translates("aten.repeat")
def _repeat(ctx, node, a):
    return Emit("repeat", [ctx.ref(a["self"])], {"repeats": ctx.attr(list(a["repeats"]))})


@translates("aten.cat", "aten.concat", "aten.concatenate")
def _cat(ctx, node, a):
    return Emit("cat", [[ctx.ref(t) for t in a["tensors"]]], {"dim": a["dim"]})


@translates("aten.stack")
def _stack(ctx, node, a):
    return Emit("stack", [[ctx.ref(t) for t in a["tensors"]]], {"dim": a["dim"]})


@translates("aten.split.Tensor")
def _split(ctx, node, a):
    return Emit("split", [ctx.ref(a["self"])], {"split_size": ctx.attr(a["split_size"]), "dim": a["dim"]})


@translates("aten.split_with_sizes", "aten.split.sizes")
def _split_sizes(ctx, node, a):
    sizes = a.get("split_sizes", a.get("split_size"))
    return Emit("split", [ctx.ref(a["self"])], {"sizes": ctx.attr(list(sizes)), "dim": a["dim"]})


@translates("aten.chunk", "aten.tensor_split.sections")
def _chunk(ctx, node, a):
    # chunk's piece sizes follow from the input size; the export-time output shapes spell them.
    dim = a["dim"]
    sizes = []
    for shape in ctx.shape(node):
        d = shape[dim]
        if not isinstance(d, int):
            raise Unsupported(msg.chunk_symbolic(dim))
        sizes.append(d)
    return Emit("split", [ctx.ref(a["self"])], {"sizes": sizes, "dim": dim})


@translates("aten.unbind.int")
def _unbind(ctx, node, a):
    return Emit("unbind", [ctx.ref(a["self"])], {"dim": a["dim"]})


def _clamp_bound(v, size):
    """aten writes "to the end" as int64 max; clamp it (as PyTorch does) to what JSON/int32 carry."""
    if not isinstance(v, int):
        return v
    if isinstance(size, int):
        return max(-size, min(v, size)) if v < 0 else min(v, size)
    return max(-INT32_MAX, min(v, INT32_MAX))


@translates("aten.slice.Tensor")
def _slice(ctx, node, a):
    dim = a["dim"]
    size = ctx.shape(a["self"])[dim]
    start = 0 if a["start"] is None else a["start"]
    end = INT32_MAX if a["end"] is None else a["end"]
    return Emit("slice", [ctx.ref(a["self"])],
                {"dim": dim, "start": ctx.attr(_clamp_bound(start, size)), "end": ctx.attr(_clamp_bound(end, size)),
                 "step": a["step"]})


@translates("aten.select.int")
def _select(ctx, node, a):
    return Emit("select", [ctx.ref(a["self"])], {"dim": a["dim"], "index": ctx.attr(a["index"])})


@translates("aten.index.Tensor")
def _index(ctx, node, a):
    return Emit("index", [ctx.ref(a["self"]), [ctx.ref(i) for i in a["indices"]]])


@translates("aten.index_select")
def _index_select(ctx, node, a):
    return Emit("index_select", [ctx.ref(a["self"]), ctx.ref(a["index"])], {"dim": a["dim"]})


@translates("aten.gather")
def _gather(ctx, node, a):
    return Emit("gather", [ctx.ref(a["self"]), ctx.ref(a["index"])], {"dim": a["dim"]})


@translates("aten.tril", "aten.triu")
def _tri(ctx, node, a):
    return Emit(base_name(node), [ctx.ref(a["self"])], {"diagonal": a["diagonal"]})


@translates("aten.roll")
def _roll(ctx, node, a):
    shifts = a["shifts"] if isinstance(a["shifts"], (list, tuple)) else [a["shifts"]]
    dims = a["dims"] if isinstance(a["dims"], (list, tuple)) else [a["dims"]]
    return Emit("roll", [ctx.ref(a["self"])], {"shifts": ctx.attr(list(shifts)), "dims": list(dims)})


@translates("aten.pad")
def _pad(ctx, node, a):
    if a["mode"] != "constant":
        raise Unsupported(msg.pad_mode(a["mode"]))
    value = 0.0 if a["value"] is None else a["value"]
    return Emit("pad", [ctx.ref(a["self"])], {"pad": ctx.attr(list(a["pad"])), "mode": "constant", "value": ctx.attr(value)})


@translates("aten.constant_pad_nd")
def _constant_pad(ctx, node, a):
    return Emit("pad", [ctx.ref(a["self"])], {"pad": ctx.attr(list(a["pad"])), "mode": "constant", "value": ctx.attr(a["value"])})
