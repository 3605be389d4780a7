"""Every user-facing text of netlens.landscape and the LossLandscape widget."""
from __future__ import annotations

from typing import Iterable, Sequence


def _choices(values: Iterable[object]) -> str:
    return ", ".join(repr(v) for v in values)


def bad_choice(what: str, value: object, valid: Iterable[object]) -> str:
    return f"{what} must be one of {_choices(valid)}; got {value!r}."


def bad_range(value: object) -> str:
    return f"range must be two finite numbers (lo, hi) with lo < hi; got {value!r}."


def bad_resolution(value: object, limit: int) -> str:
    return f"resolution must be an int from 2 to {limit} points per axis; got {value!r}."


def missing_params(what: str, names: Sequence[str]) -> str:
    shown = ", ".join(repr(n) for n in list(names)[:5])
    more = f" and {len(names) - 5} more" if len(names) > 5 else ""
    return f"{what} lacks the model's parameter(s) {shown}{more}: give a model or state_dict of the same architecture."


def param_shape(what: str, name: str, got: Sequence[int], want: Sequence[int]) -> str:
    return f"{what}: parameter {name!r} has shape {list(got)}, the model's has {list(want)}."


def needs_points(mode: str, what: str) -> str:
    return f"mode={mode!r} needs {what}."


def few_checkpoints(n: int) -> str:
    return f"mode='trajectory' needs at least 3 checkpoints (got {n}): PCA of a path needs two directions of change."


def bad_data(reason: str) -> str:
    return f"data does not fit the model: {reason}"


def targets_needed(loss: str) -> str:
    return f"loss={loss!r} needs targets (one per example); pass targets=..."


def target_count(got: int, n: int) -> str:
    return f"got {got} targets for {n} examples."


def not_finite(what: str, count: int) -> str:
    return f"{what} holds {count} NaN/Inf value(s); pass finite values."


def too_big_for_browser(points: int, examples: int, limit: float) -> str:
    return (f"{points} grid points × {examples} examples is {points * examples:.3g} forward passes, over the browser limit "
            f"of {limit:.3g}: use compute='kernel' (PyTorch here) or compute='dask' with a dask.distributed Client.")


def dask_client_needed() -> str:
    return "compute='dask' needs client=dask.distributed.Client(...) (a LocalCluster works on one machine)."


def nan_points(count: int, total: int) -> str:
    return f"{count} of {total} grid points gave a NaN/Inf loss (shown as gaps, left out of the colour scale)."
