"""numpy references of what the browser computes from attention (the tests hold it to these).

- rollout: Abnar & Zuidema (2020), "Quantifying Attention Flow in Transformers", §3: per layer the
  head-averaged attention plus the identity for the residual stream, rows renormalized,
  Ã_l = 0.5·mean_h(A_l) + 0.5·I, and rollout R_l = Ã_l · R_{l-1}, R_0 = Ã_0.
- head_distances: for the heads of one layer, the Jensen–Shannon divergence (natural log) between
  two heads' distributions over keys, averaged over query positions (SANVis-style head comparison).
- head_order: leaves of average-linkage agglomerative clustering of those distances.

Example:
    >>> a = np.full((2, 3, 4, 4), 0.25, dtype=np.float32)
    >>> r = rollout(a); r.shape, bool(np.allclose(r[-1].sum(-1), 1))
    ((2, 4, 4), True)
"""
from __future__ import annotations

from typing import List

import numpy as np


def rollout(attention: np.ndarray, residual: bool = True) -> np.ndarray:
    """[layers, heads, T, T] → [layers, T, T]: the rollout up to and including each layer."""
    a = np.asarray(attention, dtype=np.float64).mean(axis=1)
    t = a.shape[-1]
    if residual:
        a = 0.5 * a + 0.5 * np.eye(t)
    a = a / np.maximum(a.sum(-1, keepdims=True), 1e-12)
    out = np.empty_like(a)
    acc = np.eye(t)
    for i, layer in enumerate(a):
        acc = layer @ acc
        out[i] = acc
    return out.astype(np.float32)


def head_distances(layer: np.ndarray, eps: float = 1e-12) -> np.ndarray:
    """[heads, Q, K] → [heads, heads], mean over queries of JS(P_i ‖ P_j)."""
    p = np.asarray(layer, dtype=np.float64)
    p = p / np.maximum(p.sum(-1, keepdims=True), eps)
    h = p.shape[0]
    out = np.zeros((h, h))
    for i in range(h):
        for j in range(i + 1, h):
            m = 0.5 * (p[i] + p[j])
            kl_i = np.where(p[i] > 0, p[i] * np.log(np.maximum(p[i], eps) / np.maximum(m, eps)), 0).sum(-1)
            kl_j = np.where(p[j] > 0, p[j] * np.log(np.maximum(p[j], eps) / np.maximum(m, eps)), 0).sum(-1)
            out[i, j] = out[j, i] = float(np.mean(0.5 * kl_i + 0.5 * kl_j))
    return out


def head_order(distances: np.ndarray) -> List[int]:
    """Leaf order of average-linkage clustering (scipy.cluster.hierarchy's convention)."""
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    d = np.asarray(distances, dtype=np.float64)
    if d.shape[0] < 2:
        return list(range(d.shape[0]))
    return [int(i) for i in leaves_list(linkage(squareform(d, checks=False), method="average"))]
