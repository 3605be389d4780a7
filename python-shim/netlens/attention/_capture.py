"""Collect attention weights, queries and keys from a PyTorch model in the kernel.

One forward pass, with
- every nn.MultiheadAttention asked for per-head weights (need_weights=True,
  average_attn_weights=False) and its query/key projections recomputed from in_proj;
- every call of torch.nn.functional.scaled_dot_product_attention seen by a TorchFunctionMode,
  which recomputes softmax(q·kᵀ·scale + mask) beside the call (masks and is_causal as PyTorch).
Gradients stay enabled during the pass: PyTorch's fused inference path of
nn.TransformerEncoderLayer bypasses the attention module's forward otherwise.

Example:
    >>> import torch
    >>> mha = torch.nn.MultiheadAttention(8, 2, batch_first=True)
    >>> class M(torch.nn.Module):
    ...     def __init__(self): super().__init__(); self.attn = mha
    ...     def forward(self, x): return self.attn(x, x, x, need_weights=False)[0]
    >>> got = capture_attention(M(), torch.randn(1, 5, 8))
    >>> got.names, got.attention.shape, got.queries.shape
    (['attn'], (1, 2, 5, 5), (1, 2, 5, 4))
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

import numpy as np
import torch
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from . import _messages as msg


@dataclass
class CapturedAttention:
    """Per attention call, in call order: its module path, [heads, Q, K] weights and
    [heads, T, head_dim] queries and keys (of item `batch_index`), stacked over the calls."""

    names: List[str]
    attention: np.ndarray
    queries: Optional[np.ndarray]
    keys: Optional[np.ndarray]


@dataclass
class _Call:
    name: str
    weights: torch.Tensor  # [B, H, Q, K]
    q: Optional[torch.Tensor]  # [B, H, Q, d]
    k: Optional[torch.Tensor]


def _sdpa_weights(q, k, attn_mask=None, dropout_p=0.0, is_causal=False, scale=None, enable_gqa=False):
    scale = 1.0 / math.sqrt(q.shape[-1]) if scale is None else scale
    if enable_gqa and k.shape[-3] != q.shape[-3]:
        k = k.repeat_interleave(q.shape[-3] // k.shape[-3], dim=-3)
    scores = (q @ k.transpose(-2, -1)) * scale
    if is_causal:
        causal = torch.ones(q.shape[-2], k.shape[-2], dtype=torch.bool, device=q.device).tril()
        scores = scores.masked_fill(~causal, float("-inf"))
    if attn_mask is not None:
        scores = scores.masked_fill(~attn_mask, float("-inf")) if attn_mask.dtype == torch.bool else scores + attn_mask
    return torch.softmax(scores, dim=-1)


class _SdpaRecorder(TorchFunctionMode):
    def __init__(self, calls: List[_Call], where: List[str], inside_mha: List[bool]) -> None:
        super().__init__()
        self.calls, self.where, self.inside_mha = calls, where, inside_mha

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func is F.scaled_dot_product_attention and not self.inside_mha[0]:
            q, k = args[0], args[1]
            names = ("attn_mask", "dropout_p", "is_causal", "scale", "enable_gqa")
            options = dict(zip(names, args[3:]), **kwargs)
            with torch.no_grad():
                w = _sdpa_weights(q.detach(), k.detach(), **options)
            self.calls.append(_Call(self.where[-1] if self.where else "", w, q.detach(), k.detach()))
        return func(*args, **kwargs)


def _mha_projections(mha: torch.nn.MultiheadAttention, query, key):
    """q and k of an nn.MultiheadAttention as [B, H, T, head_dim], before its 1/√d scaling."""
    if mha.batch_first:
        query, key = query.transpose(0, 1), key.transpose(0, 1)
    e, h = mha.embed_dim, mha.num_heads
    if mha._qkv_same_embed_dim:
        wq, wk = mha.in_proj_weight[:e], mha.in_proj_weight[e:2 * e]
    else:
        wq, wk = mha.q_proj_weight, mha.k_proj_weight
    bq = bk = None
    if mha.in_proj_bias is not None:
        bq, bk = mha.in_proj_bias[:e], mha.in_proj_bias[e:2 * e]
    q, k = F.linear(query, wq, bq), F.linear(key, wk, bk)  # [T, B, E]

    def heads(t):
        return t.reshape(t.shape[0], t.shape[1], h, e // h).permute(1, 2, 0, 3)
    return heads(q), heads(k)


def capture_attention(model: torch.nn.Module, inputs: Any, batch_index: int = 0,
                      layers: Optional[Sequence[str]] = None) -> CapturedAttention:
    """Run `model(*inputs)` once and return the attention of item `batch_index`.

    layers: keep only calls whose module path is listed (or starts with a listed prefix); all
    kept calls must share [heads, Q, K] (encoder self-, decoder self- and cross-attention of one
    model differ: pick one kind per view).
    """
    inputs = inputs if isinstance(inputs, tuple) else (inputs,)
    calls: List[_Call] = []
    where: List[str] = []
    inside_mha = [False]
    handles = []
    for name, module in model.named_modules():
        handles.append(module.register_forward_pre_hook(_enter(where, name)))
        handles.append(module.register_forward_hook(_leave(where)))
        if isinstance(module, torch.nn.MultiheadAttention):
            handles.append(module.register_forward_pre_hook(_mha_pre(inside_mha), with_kwargs=True))
            handles.append(module.register_forward_hook(_mha_post(calls, name, inside_mha), with_kwargs=True))
    was_training = model.training
    model.eval()
    try:
        with torch.enable_grad(), _SdpaRecorder(calls, where, inside_mha):
            model(*inputs)
    finally:
        for h in handles:
            h.remove()
        model.train(was_training)
    if layers is not None:
        wanted = list(layers)
        calls = [c for c in calls if any(c.name == w or c.name.startswith(w + ".") for w in wanted)]
    if not calls:
        raise ValueError(msg.no_attention_found(type(model).__name__))
    first = tuple(calls[0].weights.shape[1:])
    for i, c in enumerate(calls):
        if tuple(c.weights.shape[1:]) != first:
            raise ValueError(msg.ragged(f"attention of {type(model).__name__} (pass layers= to pick calls of one kind)",
                                        i, c.weights.shape[1:], first) + f" Calls: {', '.join(_described(calls))}.")

    def stack(ts):
        if any(t is None for t in ts):
            return None
        return np.stack([t[batch_index].float().numpy() for t in ts]).astype(np.float32)
    if not -calls[0].weights.shape[0] <= batch_index < calls[0].weights.shape[0]:
        raise ValueError(msg.batch_out_of_range("inputs", batch_index, calls[0].weights.shape[0]))
    return CapturedAttention([c.name for c in calls], stack([c.weights for c in calls]),
                             stack([c.q for c in calls]), stack([c.k for c in calls]))


def _enter(where: List[str], name: str):
    def hook(module, args):
        where.append(name)  # a hook's return value would replace the module's inputs
    return hook


def _leave(where: List[str]):
    def hook(module, args, output):
        where.pop()  # …and here its output
    return hook


def _described(calls: List[_Call]) -> List[str]:
    return [f"{c.name or '<model>'} {tuple(c.weights.shape[1:])}" for c in calls]


def _mha_pre(inside: List[bool]):
    def hook(module, args, kwargs):
        inside[0] = True
        kwargs = dict(kwargs)
        kwargs["need_weights"] = True
        kwargs["average_attn_weights"] = False
        return args, kwargs
    return hook


def _mha_post(calls: List[_Call], name: str, inside: List[bool]):
    def hook(module, args, kwargs, output):
        inside[0] = False
        query = args[0] if args else kwargs["query"]
        key = args[1] if len(args) > 1 else kwargs["key"]
        with torch.no_grad():
            q, k = _mha_projections(module, query.detach(), key.detach())
            w = output[1].detach()
            if w.dim() == 3:  # unbatched input
                w, q, k = w.unsqueeze(0), q, k
        calls.append(_Call(name, w, q, k))
    return hook
