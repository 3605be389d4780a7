"""Select and match on hidden states [T, D] (LSTMVis' two operations).

- select_units(h, start, end, threshold): the units whose value is ≥ threshold at every step of
  [start, end) — LSTMVis' "on" set for a selected range;
- match(h, units, threshold, min_units): maximal runs of steps where at least `min_units` of those
  units are on, ranked like LSTMVis' match view: runs whose length is closest to the selection's
  first (when `length` is given), then by how many of the units are on on average, longer first.
Vectorized over the corpus: one boolean [T, k] comparison and run boundaries from np.diff.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import List, Optional, Sequence

import numpy as np


@dataclass(frozen=True)
class Match:
    """A run [start, end) and the mean number of the selected units on across it."""

    start: int
    end: int
    units_on: float

    @property
    def length(self) -> int:
        return self.end - self.start


def _states(h: object) -> np.ndarray:
    a = np.asarray(h.detach().cpu().numpy() if hasattr(h, "detach") else h)
    if a.ndim != 2:
        raise ValueError(f"hidden states: expected [steps, units], got shape {a.shape}.")
    return a


def select_units(h: object, start: int, end: int, threshold: float) -> List[int]:
    """Units on (≥ threshold) at every step of [start, end)."""
    a = _states(h)
    if not 0 <= start < end <= a.shape[0]:
        raise ValueError(f"selection [{start}, {end}) must lie inside the {a.shape[0]} steps.")
    return [int(u) for u in np.flatnonzero((a[start:end] >= threshold).all(axis=0))]


def on_runs(mask: np.ndarray) -> np.ndarray:
    """[n, 2] starts and ends of the maximal runs of True in a 1-D mask."""
    padded = np.concatenate(([False], np.asarray(mask, bool), [False]))
    edges = np.flatnonzero(np.diff(padded.astype(np.int8)))
    return edges.reshape(-1, 2)


def match(h: object, units: Sequence[int], threshold: float, min_units: Optional[int] = None,
          length: Optional[int] = None, top: int = 50, exclude: Optional[Sequence[int]] = None) -> List[Match]:
    """Ranked runs where ≥ min_units (default: all) of `units` are on; `exclude`: a (start, end)
    range left out (the selection itself)."""
    a = _states(h)
    units = [int(u) for u in units]
    if not units:
        return []
    if any(not 0 <= u < a.shape[1] for u in units):
        raise ValueError(f"units must lie in 0 … {a.shape[1] - 1}.")
    need = len(units) if min_units is None else int(min_units)
    if not 1 <= need <= len(units):
        raise ValueError(f"min_units={min_units} must lie in 1 … {len(units)}.")
    count = (a[:, units] >= threshold).sum(axis=1)
    runs = on_runs(count >= need)
    if exclude is not None:
        s, e = exclude
        runs = runs[(runs[:, 1] <= s) | (runs[:, 0] >= e)]
    if len(runs) == 0:
        return []
    csum = np.concatenate(([0], np.cumsum(count, dtype=np.int64)))
    mean_on = (csum[runs[:, 1]] - csum[runs[:, 0]]) / (runs[:, 1] - runs[:, 0])
    lengths = runs[:, 1] - runs[:, 0]
    gap = np.abs(lengths - length) if length is not None else np.zeros_like(lengths)
    order = np.lexsort((runs[:, 0], -lengths, -mean_on, gap))[:top]
    return [Match(int(runs[i, 0]), int(runs[i, 1]), float(mean_on[i])) for i in order]
