"""Where a landscape is sampled: an origin θ in parameter space, one or two directions, and the
coordinates along them — φ(α) = L(θ + αδ) or φ(α, β) = L(θ + αδ + βη).

Builders, one per question a user asks:
  random_plane / random_line   around a trained model, Gaussian directions normalized (Li et al.)
  interpolation               the line θ0 → θ1 (Goodfellow et al. 2015): δ = θ1 − θ0, α = 0 and 1 are the models
  plane_through               the plane of three models: δ = θ1 − θ0, η = θ2 − θ0
  trajectory                  PCA directions of a training path around its end, with the path projected

Example:
    >>> import torch
    >>> p = random_plane(torch.nn.Linear(3, 2), resolution=5)
    >>> p.dims, p.xs.tolist()
    (2, [-1.0, -0.5, 0.0, 0.5, 1.0])
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _messages as msg
from ._directions import aligned, difference, parameters, pca_directions, random_direction

#: Points per axis the widget allows: 256² forward passes of the whole batch is already minutes.
MAX_RESOLUTION = 256
#: How far a trajectory plane reaches beyond the path's extent (a fraction of it).
TRAJECTORY_MARGIN = 0.25


@dataclass
class Plane:
    """A 1-D line (ys is None) or 2-D plane through parameter space and its sample coordinates."""

    origin: "Dict[str, Any]"
    directions: List["Dict[str, Any]"]
    xs: np.ndarray
    ys: Optional[np.ndarray] = None
    #: Named points on the plane (e.g. the models an interpolation joins), coordinates per direction.
    anchors: Dict[str, Tuple[float, ...]] = field(default_factory=dict)
    #: A training path's coordinates (checkpoints × dims), when the plane came from one.
    path: Optional[np.ndarray] = None
    #: Explained variance ratio of the PCA directions (trajectory planes).
    explained: Optional[np.ndarray] = None

    @property
    def dims(self) -> int:
        return len(self.directions)

    @property
    def shape(self) -> Tuple[int, ...]:
        return (len(self.xs),) if self.ys is None else (len(self.ys), len(self.xs))

    def point(self, a: float, b: float = 0.0) -> "Dict[str, Any]":
        """θ + a·δ (+ b·η): the parameters at one grid coordinate."""
        out = {}
        for name, w in self.origin.items():
            v = w + a * self.directions[0][name]
            if self.dims == 2:
                v = v + b * self.directions[1][name]
            out[name] = v
        return out


def axis(range_: Sequence[float], resolution: int) -> np.ndarray:
    """`resolution` evenly spaced coordinates from range_[0] to range_[1] (both included)."""
    try:
        lo, hi = float(range_[0]), float(range_[1])
    except (TypeError, ValueError, IndexError):
        raise ValueError(msg.bad_range(range_)) from None
    if len(range_) != 2 or not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
        raise ValueError(msg.bad_range(range_))
    if isinstance(resolution, bool) or not isinstance(resolution, (int, np.integer)) or not 2 <= resolution <= MAX_RESOLUTION:
        raise ValueError(msg.bad_resolution(resolution, MAX_RESOLUTION))
    return np.linspace(lo, hi, int(resolution), dtype=np.float64)


def random_plane(model: Any, *, seed: int = 0, normalization: str = "filter", ignore: str = "biasbn",
                 range: Sequence[float] = (-1.0, 1.0), resolution: int = 21) -> Plane:
    """Two random normalized directions around the model's parameters (Li et al. Fig. 1)."""
    origin = parameters(model)
    d1 = random_direction(origin, seed, normalization, ignore)
    d2 = random_direction(origin, seed + 1, normalization, ignore)
    xs = axis(range, resolution)
    return Plane(origin, [d1, d2], xs, xs.copy(), anchors={"model": (0.0, 0.0)})


def random_line(model: Any, *, seed: int = 0, normalization: str = "filter", ignore: str = "biasbn",
                range: Sequence[float] = (-1.0, 1.0), resolution: int = 51) -> Plane:
    """One random normalized direction around the model's parameters."""
    origin = parameters(model)
    return Plane(origin, [random_direction(origin, seed, normalization, ignore)], axis(range, resolution),
                 anchors={"model": (0.0,)})


def interpolation(start: Any, end: Any, *, range: Sequence[float] = (-0.5, 1.5), resolution: int = 51) -> Plane:
    """The straight line from `start` (α = 0) to `end` (α = 1) in parameter space."""
    origin = parameters(start)
    return Plane(origin, [difference(aligned(origin, end, "end"), origin)], axis(range, resolution),
                 anchors={"start": (0.0,), "end": (1.0,)})


def plane_through(m0: Any, m1: Any, m2: Any, *, range: Sequence[float] = (-0.25, 1.25), resolution: int = 21) -> Plane:
    """The plane of three parameter sets: m0 at (0, 0), m1 at (1, 0), m2 at (0, 1)."""
    origin = parameters(m0)
    d1 = difference(aligned(origin, m1, "the second model"), origin)
    d2 = difference(aligned(origin, m2, "the third model"), origin)
    xs = axis(range, resolution)
    return Plane(origin, [d1, d2], xs, xs.copy(), anchors={"θ0": (0.0, 0.0), "θ1": (1.0, 0.0), "θ2": (0.0, 1.0)})


def trajectory(checkpoints: Sequence[Any], model: Any = None, *, resolution: int = 21,
               range: Optional[Sequence[float]] = None) -> Plane:
    """PCA directions of a training path (checkpoints: modules or state_dicts) around `model`
    (default: the last checkpoint); the path is projected onto the plane (Li et al. §7). The range
    covers the path with a margin unless given."""
    if model is None:
        if not checkpoints:
            raise ValueError(msg.few_checkpoints(0))
        model = checkpoints[-1]
    origin = parameters(model)
    points = [aligned(origin, c, f"checkpoint {i}") for i, c in enumerate(checkpoints)]
    d1, d2, path, explained = pca_directions(points, origin)
    if range is None:
        reach = float(np.abs(path).max()) * (1 + TRAJECTORY_MARGIN) or 1.0
        range = (-reach, reach)
    xs = axis(range, resolution)
    return Plane(origin, [d1, d2], xs, xs.copy(), anchors={"model": (0.0, 0.0)}, path=path, explained=explained)


__all__ = ["MAX_RESOLUTION", "Plane", "axis", "interpolation", "plane_through", "random_line", "random_plane", "trajectory"]
