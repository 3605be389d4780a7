"""Directions in parameter space: random ones normalized as Li et al. (2018) do, and the ones a
set of models or a training path define.

Li et al., "Visualizing the Loss Landscape of Neural Nets" (NeurIPS 2018), §4: a Gaussian direction
d is rescaled filter by filter so each filter of d has the norm of the same filter of θ:
d_ij ← d_ij / ‖d_ij‖ · ‖θ_ij‖ (a filter is one slice along a weight's first axis; a Linear
weight's filters are its rows). Biases and BatchNorm parameters (1-D) are zeroed with
ignore="biasbn", or set to θ's own values otherwise.

Example:
    >>> import torch
    >>> m = torch.nn.Linear(3, 2)
    >>> d = random_direction(parameters(m), seed=0)
    >>> torch.allclose(d["weight"].norm(dim=1), m.weight.detach().norm(dim=1))
    True
    >>> float(d["bias"].abs().sum())
    0.0
"""
from __future__ import annotations

from collections import OrderedDict
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

import numpy as np

from . import _messages as msg

#: How a random direction is scaled to the parameters (Li et al. §4 and the usual alternatives).
NORMALIZATIONS = ("filter", "layer", "model", "none")
#: What happens to 1-D parameters (biases, norm layers): zeroed ("biasbn", Li et al.'s default) or kept.
IGNORES = ("biasbn", "none")

Params = "OrderedDict[str, Any]"  # name → torch.Tensor


def parameters(source: Any) -> "OrderedDict[str, Any]":
    """A model's trainable parameters by PyTorch name (detached float32 copies), from a module,
    a state_dict, or a mapping of name → tensor / array."""
    import torch

    if isinstance(source, torch.nn.Module):
        items = [(n, p) for n, p in source.named_parameters()]
    elif isinstance(source, Mapping):
        items = list(source.items())
    else:
        raise TypeError(f"expected a torch.nn.Module or a state_dict, got {type(source).__name__}")
    out: "OrderedDict[str, Any]" = OrderedDict()
    for name, value in items:
        out[name] = torch.as_tensor(np.asarray(value.detach().cpu() if hasattr(value, "detach") else value),
                                    dtype=torch.float32).clone()
    return out


def aligned(reference: Mapping[str, Any], other: Any, what: str) -> "OrderedDict[str, Any]":
    """`other`'s parameters in `reference`'s order and shapes (extra entries such as buffers are ignored)."""
    got = parameters(other)
    missing = [n for n in reference if n not in got]
    if missing:
        raise ValueError(msg.missing_params(what, missing))
    out: "OrderedDict[str, Any]" = OrderedDict()
    for name, ref in reference.items():
        if tuple(got[name].shape) != tuple(ref.shape):
            raise ValueError(msg.param_shape(what, name, got[name].shape, ref.shape))
        out[name] = got[name]
    return out


def _norm(t: Any) -> Any:
    return t.float().norm()


def normalize(direction: Mapping[str, Any], origin: Mapping[str, Any], normalization: str = "filter",
              ignore: str = "biasbn") -> "OrderedDict[str, Any]":
    """`direction` rescaled to `origin` (a new dict; see the module docstring)."""
    import torch

    if normalization not in NORMALIZATIONS:
        raise ValueError(msg.bad_choice("normalization", normalization, NORMALIZATIONS))
    if ignore not in IGNORES:
        raise ValueError(msg.bad_choice("ignore", ignore, IGNORES))
    out: "OrderedDict[str, Any]" = OrderedDict()
    for name, d in direction.items():
        w = origin[name]
        d = d.clone()
        if d.dim() <= 1:
            # Biases and norm-layer parameters have no filters: zeroed (Li et al.'s default), or,
            # under filter/layer normalization, set to θ's own values (so the step is relative).
            if ignore == "biasbn":
                d = torch.zeros_like(d)
            elif normalization in ("filter", "layer"):
                d = w.clone()
        elif normalization == "filter":
            flat_d, flat_w = d.reshape(d.shape[0], -1), w.reshape(w.shape[0], -1)
            scale = flat_w.norm(dim=1) / (flat_d.norm(dim=1) + 1e-10)
            d = (flat_d * scale[:, None]).reshape(d.shape)
        elif normalization == "layer":
            d = d * (_norm(w) / (_norm(d) + 1e-10))
        out[name] = d
    if normalization == "model":
        total_d = torch.sqrt(sum((v ** 2).sum() for v in out.values()))
        total_w = torch.sqrt(sum((origin[n] ** 2).sum() for n in out))
        for name in out:
            out[name] = out[name] * (total_w / (total_d + 1e-10))
    return out


def random_direction(origin: Mapping[str, Any], seed: int = 0, normalization: str = "filter",
                     ignore: str = "biasbn") -> "OrderedDict[str, Any]":
    """A Gaussian direction with `origin`'s shapes, normalized (reproducible for a seed)."""
    import torch

    g = torch.Generator().manual_seed(int(seed))
    raw = OrderedDict((n, torch.randn(w.shape, generator=g, dtype=torch.float32)) for n, w in origin.items())
    return normalize(raw, origin, normalization, ignore)


def difference(a: Mapping[str, Any], b: Mapping[str, Any]) -> "OrderedDict[str, Any]":
    """a − b, parameter by parameter."""
    return OrderedDict((n, a[n] - b[n]) for n in b)


def flatten(params: Mapping[str, Any]) -> np.ndarray:
    return np.concatenate([p.detach().numpy().ravel() for p in params.values()]).astype(np.float64)


def unflatten(vector: np.ndarray, like: Mapping[str, Any]) -> "OrderedDict[str, Any]":
    import torch

    out: "OrderedDict[str, Any]" = OrderedDict()
    at = 0
    for name, p in like.items():
        n = p.numel()
        out[name] = torch.as_tensor(vector[at:at + n].reshape(tuple(p.shape)), dtype=torch.float32)
        at += n
    return out


def pca_directions(checkpoints: Sequence[Mapping[str, Any]], origin: Mapping[str, Any]
                   ) -> Tuple["OrderedDict[str, Any]", "OrderedDict[str, Any]", np.ndarray, np.ndarray]:
    """The two principal directions of a training path around `origin` (usually its last point),
    Li et al. §7: PCA of the matrix [θ_i − θ_n]; the path's coordinates are its projections on them.

    Returns (d1, d2, path (len(checkpoints) × 2), explained variance ratio of the two components).
    """
    if len(checkpoints) < 3:
        raise ValueError(msg.few_checkpoints(len(checkpoints)))
    o = flatten(origin)
    m = np.stack([flatten(c) - o for c in checkpoints])
    centred = m - m.mean(axis=0, keepdims=True)
    _, s, vt = np.linalg.svd(centred, full_matrices=False)
    components = vt[:2]
    # A deterministic sign: each component points the way the path's first point lies.
    for k in range(2):
        if components[k] @ m[0] < 0:
            components[k] = -components[k]
    path = m @ components.T
    explained = (s[:2] ** 2) / max(float((s ** 2).sum()), 1e-30)
    return unflatten(components[0], origin), unflatten(components[1], origin), path, explained


def filter_norms(params: Mapping[str, Any]) -> Dict[str, np.ndarray]:
    """Per parameter, the L2 norm of each filter (slice along axis 0); 1-D parameters: one norm."""
    out = {}
    for name, p in params.items():
        flat = p.reshape(p.shape[0], -1) if p.dim() > 1 else p.reshape(1, -1)
        out[name] = flat.norm(dim=1).numpy()
    return out


__all__ = ["IGNORES", "NORMALIZATIONS", "aligned", "difference", "filter_norms", "flatten", "normalize",
           "parameters", "pca_directions", "random_direction", "unflatten"]
