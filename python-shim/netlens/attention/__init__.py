"""Attention tensors: checks, and numpy references of what the browser computes from them.

Pipeline of an AttentionView:
  1. `as_attention` turns what a user has (transformers' tuple of per-layer [batch, heads, q, k]
     tensors, a stacked array, a list of numpy arrays) into one float32 array [layers, heads, q, k],
     with clear errors for ragged layers and token counts that don't fit, and a warning for rows
     that don't sum to 1;
  2. the array travels as Arrow; the browser draws it (head, model, matrix, neuron views) and
     computes rollout and head similarity with TF.js;
  3. `rollout` and `head_distances` here are the references the tests hold the browser to.

Example:
    >>> import numpy as np
    >>> a = np.full((2, 3, 4, 4), 0.25, dtype=np.float32)
    >>> rollout(a).shape, round(float(rollout(a)[-1].sum(-1)[0]), 6)
    ((2, 4, 4), 1.0)
"""
from __future__ import annotations

from ._check import ROW_SUM_TOLERANCE, AttentionRowsWarning, as_attention, as_vectors
from ._reference import head_distances, head_order, rollout



def capture_attention(model, inputs, batch_index=0, layers=None):
    """Attention, queries and keys of `model(*inputs)`, collected in the kernel with PyTorch
    (see netlens.attention._capture; imported on first use so `import netlens` stays torch-free)."""
    from ._capture import capture_attention as capture

    return capture(model, inputs, batch_index, layers)


__all__ = ["ROW_SUM_TOLERANCE", "AttentionRowsWarning", "as_attention", "as_vectors", "capture_attention",
           "head_distances", "head_order", "rollout"]
