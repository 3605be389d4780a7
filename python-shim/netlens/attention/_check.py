"""Turn what users have into one float32 attention array [layers, heads, queries, keys].

Example:
    >>> import numpy as np
    >>> per_layer = tuple(np.full((1, 2, 3, 3), 1 / 3) for _ in range(4))  # transformers' layout
    >>> as_attention(per_layer).shape
    (4, 2, 3, 3)
"""
from __future__ import annotations

import warnings
from typing import Any, Optional, Sequence

import numpy as np

from . import _messages as msg

#: A row of softmax weights sums to 1 up to float32 rounding over ≤ a few thousand keys.
ROW_SUM_TOLERANCE = 1e-3


class AttentionRowsWarning(UserWarning):
    """Attention rows that do not sum to 1 (masked rows, scores instead of probabilities …)."""


def _numpy(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):  # torch
        x = x.detach().to("cpu")
        if str(x.dtype) in ("torch.bfloat16", "torch.float16"):
            x = x.float()
        x = x.numpy()
    return np.asarray(x)


def stack_layers(x: Any, what: str, batch_index: int = 0, rank: int = 4) -> np.ndarray:
    """Per-layer tensors (a tuple/list, each [batch, *rest] or [*rest]) or one stacked array
    ([layers, *rest] or [layers, batch, *rest]) → float32 [layers, *rest], with `rest` of
    rank - 1 dimensions (heads, queries, keys for attention; heads, tokens, dim for vectors)."""
    inner = rank - 1
    if isinstance(x, (list, tuple)):
        if not x:
            raise ValueError(msg.not_attention(what, "an empty sequence"))
        layers = []
        for i, layer in enumerate(x):
            a = _numpy(layer)
            if a.ndim == inner + 1:
                a = _pick(a, batch_index, what)
            elif a.ndim != inner:
                raise ValueError(msg.not_attention(what, f"layer {i} with shape {a.shape}"))
            if layers and a.shape != layers[0].shape:
                raise ValueError(msg.ragged(what, i, a.shape, layers[0].shape))
            layers.append(a)
        out = np.stack(layers)
    else:
        a = _numpy(x)
        if a.ndim == inner + 2:
            out = np.stack([_pick(layer, batch_index, what) for layer in a])
        elif a.ndim == inner + 1:
            out = a
        else:
            raise ValueError(msg.not_attention(what, f"an array of shape {a.shape}"))
    if not np.issubdtype(out.dtype, np.floating) and not np.issubdtype(out.dtype, np.integer):
        raise ValueError(msg.not_attention(what, f"dtype {out.dtype}"))
    out = out.astype(np.float32, copy=False)
    bad = ~np.isfinite(out)
    if bad.any():
        raise ValueError(msg.not_finite(what, int(bad.sum())))
    return np.ascontiguousarray(out)


def _pick(a: np.ndarray, index: int, what: str) -> np.ndarray:
    if not -a.shape[0] <= index < a.shape[0]:
        raise ValueError(msg.batch_out_of_range(what, index, a.shape[0]))
    return a[index]


def as_attention(attentions: Any, batch_index: int = 0, *, warn: bool = True) -> np.ndarray:
    """float32 [layers, heads, queries, keys]; errors for ragged layers, NaN/Inf and negative
    weights, an AttentionRowsWarning for rows that do not sum to 1.

    Example:
        >>> with warnings.catch_warnings(record=True) as seen:
        ...     warnings.simplefilter("always")
        ...     shape = as_attention(np.ones((2, 1, 2, 3))).shape   # rows sum to 3
        >>> shape, str(seen[0].message)[:40]
        ((2, 1, 2, 3), '4 of 4 attention rows do not sum to 1 (±')
    """
    a = stack_layers(attentions, "attentions", batch_index)
    negative = a < 0
    if negative.any():
        raise ValueError(msg.negative("attentions", int(negative.sum()), float(a.min())))
    if warn:
        sums = a.sum(-1, dtype=np.float64)
        off = np.abs(sums - 1) > ROW_SUM_TOLERANCE
        if off.any():
            worst = np.unravel_index(int(np.argmax(np.abs(sums - 1))), sums.shape)
            warnings.warn(msg.rows_not_normalized(int(off.sum()), off.size, float(sums[worst]),
                                                  [int(i) for i in worst], ROW_SUM_TOLERANCE),
                          AttentionRowsWarning, stacklevel=3)
    return a


def as_vectors(x: Any, name: str, attention_shape: Sequence[int], batch_index: int = 0) -> np.ndarray:
    """Queries or keys, float32 [layers, heads, tokens, head_dim], checked against the attention
    (tokens = its queries for `queries`, its keys for `keys`)."""
    v = stack_layers(x, name, batch_index)
    layers, heads, q, k = attention_shape
    tokens = q if name == "queries" else k
    if v.shape[:3] != (layers, heads, tokens):
        raise ValueError(msg.vectors_shape(name, v.shape, (layers, heads, tokens)))
    return v


def check_tokens(tokens: Any, key_tokens: Any, attention_shape: Sequence[int]) -> tuple:
    """(query tokens, key tokens or None) as lists of str, matched against [.., queries, keys]."""
    _, _, q, k = attention_shape
    qt = [str(t) for t in tokens]
    if len(qt) != q:
        raise ValueError(msg.tokens_count("tokens", len(qt), q, "queries"))
    if key_tokens is None:
        if k != q:
            raise ValueError(msg.tokens_count("tokens", len(qt), k, "keys",
                                              "For cross attention pass key_tokens= (the keys' tokens)."))
        return qt, None
    kt = [str(t) for t in key_tokens]
    if len(kt) != k:
        raise ValueError(msg.tokens_count("key_tokens", len(kt), k, "keys"))
    return qt, kt


def check_split(split: Optional[int], size: int) -> int:
    """sentence_b_start → an index in 1 … size-1, or -1 for a single sequence."""
    if split is None or split < 0:
        return -1
    if not 0 < split < size:
        raise ValueError(msg.pair_split(split, size))
    return int(split)
