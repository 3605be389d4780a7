"""Layers: linear, convolutions, normalizations, embedding, pooling, upsampling, RNNs, attention
(docs/ir.md §3 "Layers")."""
from __future__ import annotations

import math
from typing import Any, List

from .. import _messages as msg
from ._registry import Emit, Unsupported, base_name, translates


def ntuple(v: Any, n: int) -> List[Any]:
    """aten's int[n] arguments may be written as one int or a 1-list: spell all n."""
    if isinstance(v, (list, tuple)):
        v = list(v)
        return v * n if len(v) == 1 and n > 1 else v
    return [v] * n


@translates("aten.linear")
def _linear(ctx, node, a):
    return Emit("linear", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])])


def _conv(ctx, a, n: int, padding: Any) -> Emit:
    if n not in (1, 2):
        raise Unsupported(msg.conv_rank(n))
    pad = padding if isinstance(padding, str) else ctx.attr(ntuple(padding, n))
    return Emit(f"conv{n}d", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])],
                {"stride": ctx.attr(ntuple(a["stride"], n)), "padding": pad,
                 "dilation": ctx.attr(ntuple(a["dilation"], n)), "groups": a["groups"]})


@translates("aten.conv1d", "aten.conv2d")
def _conv_nd(ctx, node, a):
    return _conv(ctx, a, ctx.rank(a["weight"]) - 2, a["padding"])


def _conv_transpose(ctx, a, n: int) -> Emit:
    if n != 2:
        raise Unsupported(msg.conv_transposed_rank(n))
    return Emit("conv_transpose2d", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])],
                {"stride": ctx.attr(ntuple(a["stride"], n)), "padding": ctx.attr(ntuple(a["padding"], n)),
                 "output_padding": ctx.attr(ntuple(a["output_padding"], n)), "groups": a["groups"],
                 "dilation": ctx.attr(ntuple(a["dilation"], n))})


@translates("aten.conv_transpose1d", "aten.conv_transpose2d")
def _conv_transpose_nd(ctx, node, a):
    return _conv_transpose(ctx, a, ctx.rank(a["weight"]) - 2)


@translates("aten.convolution")
def _convolution(ctx, node, a):
    n = ctx.rank(a["weight"]) - 2
    if a["transposed"]:
        return _conv_transpose(ctx, a, n)
    return _conv(ctx, a, n, a["padding"])


def _batch_norm(ctx, a, training: bool, eps: float, first_of_tuple: bool) -> Emit:
    if training:
        raise Unsupported(msg.batch_norm_training())
    inputs = [ctx.ref(a[k]) for k in ("input", "weight", "bias", "running_mean", "running_var")]
    return Emit("batch_norm", inputs, {"eps": eps}, first_of_tuple=first_of_tuple)


@translates("aten.batch_norm")
def _batch_norm_op(ctx, node, a):
    return _batch_norm(ctx, a, bool(a["training"]), a["eps"], False)


@translates("aten.native_batch_norm")
def _native_batch_norm(ctx, node, a):
    return _batch_norm(ctx, a, bool(a["training"]), a["eps"], True)


@translates("aten._native_batch_norm_legit_no_training")
def _bn_no_training(ctx, node, a):
    return _batch_norm(ctx, a, False, a["eps"], True)


@translates("aten._native_batch_norm_legit")
def _bn_legit(ctx, node, a):
    return _batch_norm(ctx, a, bool(a["training"]), a["eps"], True)


@translates("aten.layer_norm", "aten.native_layer_norm")
def _layer_norm(ctx, node, a):
    return Emit("layer_norm", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])],
                {"normalized_shape": ctx.attr(list(a["normalized_shape"])), "eps": a["eps"]},
                first_of_tuple=base_name(node) == "native_layer_norm")


@translates("aten.group_norm")
def _group_norm(ctx, node, a):
    return Emit("group_norm", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])],
                {"num_groups": a["num_groups"], "eps": a["eps"]})


@translates("aten.native_group_norm")
def _native_group_norm(ctx, node, a):
    return Emit("group_norm", [ctx.ref(a["input"]), ctx.ref(a["weight"]), ctx.ref(a["bias"])],
                {"num_groups": a["group"], "eps": a["eps"]}, first_of_tuple=True)


@translates("aten.embedding")
def _embedding(ctx, node, a):
    pad = a["padding_idx"]
    # aten spells "no padding row" as -1; the IR follows F.embedding (None).
    return Emit("embedding", [ctx.ref(a["weight"]), ctx.ref(a["indices"])],
                {"padding_idx": None if pad is None or pad < 0 else pad})


def _pool_attrs(ctx, a, n: int) -> dict:
    kernel = ntuple(a["kernel_size"], n)
    stride = a["stride"]
    # aten's empty stride means "the kernel size".
    stride = kernel if stride is None or (isinstance(stride, (list, tuple)) and len(stride) == 0) else ntuple(stride, n)
    return {"kernel_size": ctx.attr(kernel), "stride": ctx.attr(stride),
            "padding": ctx.attr(ntuple(a["padding"], n))}


def _max_pool(ctx, a, n: int, first_of_tuple: bool) -> Emit:
    attrs = _pool_attrs(ctx, a, n)
    attrs.update(dilation=ctx.attr(ntuple(a["dilation"], n)), ceil_mode=bool(a["ceil_mode"]))
    return Emit(f"max_pool{n}d", [ctx.ref(a["self"])], attrs, first_of_tuple=first_of_tuple)


@translates("aten.max_pool1d")
def _max_pool1d(ctx, node, a):
    return _max_pool(ctx, a, 1, False)


@translates("aten.max_pool2d")
def _max_pool2d(ctx, node, a):
    return _max_pool(ctx, a, 2, False)


@translates("aten.max_pool1d_with_indices")
def _max_pool1d_idx(ctx, node, a):
    return _max_pool(ctx, a, 1, True)


@translates("aten.max_pool2d_with_indices")
def _max_pool2d_idx(ctx, node, a):
    return _max_pool(ctx, a, 2, True)


def _avg_pool(ctx, a, n: int) -> Emit:
    attrs = _pool_attrs(ctx, a, n)
    attrs.update(ceil_mode=bool(a["ceil_mode"]), count_include_pad=bool(a["count_include_pad"]),
                 divisor_override=a.get("divisor_override"))
    return Emit(f"avg_pool{n}d", [ctx.ref(a["self"])], attrs)


@translates("aten.avg_pool1d")
def _avg_pool1d(ctx, node, a):
    return _avg_pool(ctx, a, 1)


@translates("aten.avg_pool2d")
def _avg_pool2d(ctx, node, a):
    return _avg_pool(ctx, a, 2)


@translates("aten.adaptive_avg_pool1d")
def _adaptive_avg_pool1d(ctx, node, a):
    return Emit("adaptive_avg_pool1d", [ctx.ref(a["self"])], {"output_size": ctx.attr(ntuple(a["output_size"], 1))})


@translates("aten.adaptive_avg_pool2d", "aten._adaptive_avg_pool2d")
def _adaptive_avg_pool2d(ctx, node, a):
    return Emit("adaptive_avg_pool2d", [ctx.ref(a["self"])], {"output_size": ctx.attr(ntuple(a["output_size"], 2))})


@translates("aten.adaptive_max_pool2d")
def _adaptive_max_pool2d(ctx, node, a):
    return Emit("adaptive_max_pool2d", [ctx.ref(a["self"])], {"output_size": ctx.attr(ntuple(a["output_size"], 2))},
                first_of_tuple=True)


@translates("aten.adaptive_max_pool1d")
def _adaptive_max_pool1d(ctx, node, a):
    # Global max pooling over time (AdaptiveMaxPool1d(1), text CNNs) is amax over the last dim.
    if list(ntuple(a["output_size"], 1)) != [1]:
        raise Unsupported(msg.adaptive_max_pool1d_size())
    return Emit("amax", [ctx.ref(a["self"])], {"dim": [-1], "keepdim": True}, first_of_tuple=True)


def _upsample_size(ctx, node, a, scales: List[Any]) -> Any:
    if a.get("output_size") is not None:
        return ctx.attr(list(a["output_size"]))
    x_shape = ctx.shape(a["input"] if "input" in a else a["self"])
    size = []
    for d, s in zip(x_shape[-2:], scales):
        if not isinstance(d, int) or s is None:
            raise Unsupported(msg.upsample_dynamic_scale())
        size.append(int(math.floor(d * s)))
    return size


def _scales(a) -> List[Any]:
    if a.get("scale_factors") is not None:
        return ntuple(list(a["scale_factors"]), 2)
    return [a.get("scales_h"), a.get("scales_w")]


@translates("aten.upsample_nearest2d")
def _upsample_nearest2d(ctx, node, a):
    x = a["input"] if "input" in a else a["self"]
    return Emit("upsample_nearest2d", [ctx.ref(x)], {"size": _upsample_size(ctx, node, a, _scales(a))})


@translates("aten.upsample_bilinear2d")
def _upsample_bilinear2d(ctx, node, a):
    x = a["input"] if "input" in a else a["self"]
    return Emit("upsample_bilinear2d", [ctx.ref(x)],
                {"size": _upsample_size(ctx, node, a, _scales(a)), "align_corners": bool(a["align_corners"])})


def _rnn(ctx, a, op: str) -> Emit:
    if a["train"] and a["dropout"]:
        raise Unsupported(msg.dropout_training())
    dirs = 2 if a["bidirectional"] else 1
    per = len(a["params"]) // (a["num_layers"] * dirs)
    if per != (4 if a["has_biases"] else 2):
        raise Unsupported(msg.lstm_projections())
    hx = a["hx"]
    states = [ctx.ref(h) for h in hx] if op == "lstm" else ctx.ref(hx)
    return Emit(op, [ctx.ref(a["input"]), states, [ctx.ref(p) for p in a["params"]]],
                {"num_layers": a["num_layers"], "bidirectional": bool(a["bidirectional"]),
                 "batch_first": bool(a["batch_first"]), "has_biases": bool(a["has_biases"])})


@translates("aten.lstm.input")
def _lstm(ctx, node, a):
    return _rnn(ctx, a, "lstm")


@translates("aten.gru.input")
def _gru(ctx, node, a):
    return _rnn(ctx, a, "gru")


@translates("aten.scaled_dot_product_attention")
def _sdpa(ctx, node, a):
    if a["dropout_p"]:
        raise Unsupported(msg.sdpa_dropout(a["dropout_p"]))
    attrs = {"is_causal": bool(a["is_causal"]), "scale": a["scale"]}
    if a.get("enable_gqa"):
        attrs["enable_gqa"] = True
    return Emit("scaled_dot_product_attention",
                [ctx.ref(a["query"]), ctx.ref(a["key"]), ctx.ref(a["value"]), ctx.ref(a["attn_mask"])], attrs)
