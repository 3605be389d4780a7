"""A reference evaluator of the IR (docs/ir.md §3) written with PyTorch, for the tests only.

It reads each op exactly as the spec words it — input order, attribute names, nulls — so a
translator that writes the wrong attribute or order makes the evaluated graph disagree with the
model. It is not the browser's compiler; it checks the exporter against the contract.

Example:
    >>> import torch, netlens
    >>> m = netlens.export(torch.nn.Linear(3, 2).eval(), torch.randn(2, 3))
    >>> outs, _ = evaluate(m.ir, m.weights, [torch.ones(4, 3)])
    >>> tuple(outs[0].shape)
    (4, 2)
"""
from __future__ import annotations

import math
from typing import Any, Callable, Dict, List, Sequence, Tuple

import numpy as np
import torch
import torch.nn.functional as F

_DTYPES = {"float32": torch.float32, "int32": torch.int64, "bool": torch.bool}
_FLOATS = {"inf": math.inf, "-inf": -math.inf, "nan": math.nan}

Op = Callable[[List[Any], Dict[str, Any]], Any]
OPS: Dict[str, Op] = {}


def op(*names: str):
    def register(fn: Op) -> Op:
        for n in names:
            OPS[n] = fn
        return fn

    return register


def _dims(x: torch.Tensor, dim):
    return list(range(x.dim())) if dim is None else dim


# --- layers -------------------------------------------------------------------------------

op("linear")(lambda i, a: F.linear(i[0], i[1], i[2]))
op("conv1d")(lambda i, a: F.conv1d(i[0], i[1], i[2], a["stride"], a["padding"], a["dilation"], a["groups"]))
op("conv2d")(lambda i, a: F.conv2d(i[0], i[1], i[2], a["stride"], a["padding"], a["dilation"], a["groups"]))
op("conv_transpose2d")(lambda i, a: F.conv_transpose2d(i[0], i[1], i[2], a["stride"], a["padding"],
                                                       a["output_padding"], a["groups"], a["dilation"]))
op("batch_norm")(lambda i, a: F.batch_norm(i[0], i[3], i[4], i[1], i[2], False, 0.0, a["eps"]))
op("layer_norm")(lambda i, a: F.layer_norm(i[0], a["normalized_shape"], i[1], i[2], a["eps"]))
op("group_norm")(lambda i, a: F.group_norm(i[0], a["num_groups"], i[1], i[2], a["eps"]))
op("embedding")(lambda i, a: F.embedding(i[1].long(), i[0], a["padding_idx"]))
op("max_pool1d")(lambda i, a: F.max_pool1d(i[0], a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]))
op("max_pool2d")(lambda i, a: F.max_pool2d(i[0], a["kernel_size"], a["stride"], a["padding"], a["dilation"], a["ceil_mode"]))
op("avg_pool1d")(lambda i, a: F.avg_pool1d(i[0], a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                           a["count_include_pad"]))
op("avg_pool2d")(lambda i, a: F.avg_pool2d(i[0], a["kernel_size"], a["stride"], a["padding"], a["ceil_mode"],
                                           a["count_include_pad"], a["divisor_override"]))
op("adaptive_avg_pool1d")(lambda i, a: F.adaptive_avg_pool1d(i[0], a["output_size"]))
op("adaptive_avg_pool2d")(lambda i, a: F.adaptive_avg_pool2d(i[0], a["output_size"]))
op("adaptive_max_pool2d")(lambda i, a: F.adaptive_max_pool2d(i[0], a["output_size"]))
op("upsample_nearest2d")(lambda i, a: F.interpolate(i[0], size=a["size"], mode="nearest"))
op("upsample_bilinear2d")(lambda i, a: F.interpolate(i[0], size=a["size"], mode="bilinear", align_corners=a["align_corners"]))
op("lstm")(lambda i, a: tuple(torch.ops.aten.lstm.input(i[0], i[1], i[2], a["has_biases"], a["num_layers"], 0.0, False,
                                                         a["bidirectional"], a["batch_first"])))
op("gru")(lambda i, a: tuple(torch.ops.aten.gru.input(i[0], i[1], i[2], a["has_biases"], a["num_layers"], 0.0, False,
                                                       a["bidirectional"], a["batch_first"])))
op("scaled_dot_product_attention")(lambda i, a: F.scaled_dot_product_attention(
    i[0], i[1], i[2], attn_mask=i[3], is_causal=a["is_causal"], scale=a["scale"]))

# --- activations --------------------------------------------------------------------------

for _name, _fn in {"relu": F.relu, "relu6": F.relu6, "sigmoid": torch.sigmoid, "tanh": torch.tanh, "silu": F.silu,
                   "hardsigmoid": F.hardsigmoid, "hardswish": F.hardswish, "neg": torch.neg, "abs": torch.abs,
                   "exp": torch.exp, "log": torch.log, "sqrt": torch.sqrt, "rsqrt": torch.rsqrt,
                   "reciprocal": torch.reciprocal, "sin": torch.sin, "cos": torch.cos, "erf": torch.erf,
                   "logical_not": torch.logical_not}.items():
    op(_name)(lambda i, a, _fn=_fn: _fn(i[0]))
op("softplus")(lambda i, a: F.softplus(i[0], a["beta"], a["threshold"]))
op("leaky_relu")(lambda i, a: F.leaky_relu(i[0], a["negative_slope"]))
op("elu")(lambda i, a: F.elu(i[0], a["alpha"]))
op("gelu")(lambda i, a: F.gelu(i[0], approximate=a["approximate"]))
op("hardtanh", "clamp")(lambda i, a: torch.clamp(i[0], a["min"], a["max"]))
op("softmax")(lambda i, a: torch.softmax(i[0], a["dim"]))
op("log_softmax")(lambda i, a: torch.log_softmax(i[0], a["dim"]))

# --- elementwise and reductions -----------------------------------------------------------


def _t(v):
    return v if isinstance(v, torch.Tensor) else torch.tensor(v)


op("add")(lambda i, a: i[0] + a.get("alpha", 1) * i[1])
op("sub")(lambda i, a: i[0] - a.get("alpha", 1) * i[1])
op("mul")(lambda i, a: i[0] * i[1])
op("pow")(lambda i, a: torch.pow(i[0], i[1]))
op("maximum")(lambda i, a: torch.maximum(_t(i[0]), _t(i[1])))
op("minimum")(lambda i, a: torch.minimum(_t(i[0]), _t(i[1])))
op("div")(lambda i, a: torch.div(_t(i[0]), i[1], rounding_mode=a.get("rounding_mode")))
for _name in ("eq", "ne", "lt", "le", "gt", "ge", "logical_and", "logical_or"):
    op(_name)(lambda i, a, _fn=getattr(torch, _name): _fn(_t(i[0]), _t(i[1])))
op("where")(lambda i, a: torch.where(i[0], _t(i[1]), _t(i[2])))
op("masked_fill")(lambda i, a: i[0].masked_fill(i[1], i[2]))
op("sum")(lambda i, a: torch.sum(i[0], _dims(i[0], a["dim"]), a["keepdim"]))
op("mean")(lambda i, a: torch.mean(i[0], _dims(i[0], a["dim"]), a["keepdim"]))
op("amax")(lambda i, a: torch.amax(i[0], _dims(i[0], a["dim"]), a["keepdim"]))
op("amin")(lambda i, a: torch.amin(i[0], _dims(i[0], a["dim"]), a["keepdim"]))
op("var")(lambda i, a: torch.var(i[0], _dims(i[0], a["dim"]), correction=a["correction"], keepdim=a["keepdim"]))
op("max_dim")(lambda i, a: tuple(torch.max(i[0], a["dim"], a["keepdim"])))
op("argmax")(lambda i, a: torch.argmax(i[0], a["dim"], a["keepdim"]))
op("cast")(lambda i, a: i[0].to(_DTYPES[a["dtype"]]))

# --- linear algebra -------------------------------------------------------------------------

op("matmul")(lambda i, a: torch.matmul(i[0], i[1]))
op("addmm")(lambda i, a: torch.addmm(i[0], i[1], i[2], beta=a["beta"], alpha=a["alpha"]))
op("einsum")(lambda i, a: torch.einsum(a["equation"], *i[0]))

# --- shape and indexing ---------------------------------------------------------------------

op("reshape")(lambda i, a: i[0].reshape(a["shape"]))
op("flatten")(lambda i, a: torch.flatten(i[0], a["start_dim"], a["end_dim"]))
op("unflatten")(lambda i, a: torch.unflatten(i[0], a["dim"], a["sizes"]))
op("permute")(lambda i, a: i[0].permute(a["dims"]))
op("transpose")(lambda i, a: i[0].transpose(a["dim0"], a["dim1"]))
op("unsqueeze")(lambda i, a: i[0].unsqueeze(a["dim"]))
op("squeeze")(lambda i, a: i[0].squeeze() if a["dims"] is None else i[0].squeeze(tuple(a["dims"])))
op("expand")(lambda i, a: i[0].expand(a["size"]))
op("repeat")(lambda i, a: i[0].repeat(a["repeats"]))
op("cat")(lambda i, a: torch.cat(i[0], a["dim"]))
op("stack")(lambda i, a: torch.stack(i[0], a["dim"]))
op("split")(lambda i, a: tuple(torch.split(i[0], a["sizes"] if "sizes" in a else a["split_size"], a["dim"])))
op("unbind")(lambda i, a: tuple(torch.unbind(i[0], a["dim"])))
op("slice")(lambda i, a: torch.ops.aten.slice.Tensor(i[0], a["dim"], a["start"], a["end"], a["step"]))
op("select")(lambda i, a: i[0].select(a["dim"], a["index"]))
op("index")(lambda i, a: i[0][tuple(slice(None) if t is None else (t if t.dtype == torch.bool else t.long()) for t in i[1])])
op("index_select")(lambda i, a: torch.index_select(i[0], a["dim"], i[1].long()))
op("gather")(lambda i, a: torch.gather(i[0], a["dim"], i[1].long()))
op("tril")(lambda i, a: torch.tril(i[0], a["diagonal"]))
op("triu")(lambda i, a: torch.triu(i[0], a["diagonal"]))
op("roll")(lambda i, a: torch.roll(i[0], a["shifts"], a["dims"]))
op("pad")(lambda i, a: F.pad(i[0], a["pad"], a["mode"], a["value"]))

# --- creation and glue ----------------------------------------------------------------------

op("full")(lambda i, a: torch.full(a["size"], a["value"], dtype=_DTYPES[a["dtype"]]))
op("full_like")(lambda i, a: torch.full_like(i[0], a["value"], dtype=_DTYPES[a["dtype"]] if a["dtype"] else None))
op("arange")(lambda i, a: torch.arange(a["start"], a["end"], a["step"], dtype=_DTYPES[a["dtype"]]))
op("identity")(lambda i, a: i[0])
op("detach")(lambda i, a: i[0].detach())
op("getitem")(lambda i, a: i[0][a["index"]])
op("sym_size")(lambda i, a: i[0].shape[a["dim"]])
op("sym_add")(lambda i, a: i[0] + i[1])
op("sym_sub")(lambda i, a: i[0] - i[1])
op("sym_mul")(lambda i, a: i[0] * i[1])
op("sym_floordiv")(lambda i, a: i[0] // i[1])


def _decode(v: Any, env: Dict[str, Any], as_attr: bool) -> Any:
    if isinstance(v, dict):
        if "float" in v:
            return _FLOATS[v["float"]]
        if "ref" in v and as_attr:
            return env[v["ref"]]
        return {k: _decode(x, env, as_attr) for k, x in v.items()}
    if isinstance(v, list):
        return [_decode(x, env, as_attr) for x in v]
    if isinstance(v, str) and not as_attr:
        return env[v]
    return v


def evaluate(ir: dict, weights: Dict[str, Any], inputs: Sequence[torch.Tensor],
             replace: Dict[str, torch.Tensor] = {}) -> Tuple[List[Any], Dict[str, Any]]:
    """(outputs, every value by name). `replace`: values to use instead of computing those nodes."""
    env: Dict[str, Any] = {}
    for spec, x in zip(ir["inputs"], inputs):
        env[spec["name"]] = x
    for spec in ir["weights"]:
        w = weights[spec["name"]]
        env[spec["name"]] = torch.from_numpy(np.array(w)) if not isinstance(w, torch.Tensor) else w
    for node in ir["nodes"]:
        if node["name"] in replace:
            env[node["name"]] = replace[node["name"]]
            continue
        ins = _decode(node["inputs"], env, False)
        attrs = _decode(node["attrs"], env, True)
        env[node["name"]] = OPS[node["op"]](ins, attrs)
    return [env[r] for r in ir["outputs"]], env
