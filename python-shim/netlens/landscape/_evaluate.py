"""The loss (and accuracy) at grid points of a Plane, computed in the kernel with PyTorch —
the kernel path of LossLandscape, the task body of the Dask path, and the reference the browser
is tested against.

Losses (the same definitions in src/methods/landscape/loss.ts):
  cross_entropy   mean over examples of −log softmax(output)[target]  (torch.nn.functional.cross_entropy)
  mse             mean over all elements of (output − target)²          (torch.nn.functional.mse_loss)
  model           the model's own output is the loss: a scalar counts for each example of the
                  batch; otherwise the mean of each example's values, averaged over examples
Accuracy (cross_entropy only): the fraction of examples whose argmax is the target.

Example:
    >>> import torch
    >>> from netlens.landscape import random_line
    >>> m = torch.nn.Linear(4, 3); x = torch.randn(8, 4); y = torch.randint(0, 3, (8,))
    >>> grid = evaluate(m, random_line(m, resolution=5), x, y)
    >>> grid["loss"].shape, grid["accuracy"].shape
    ((5,), (5,))
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Iterable, List, Optional, Sequence, Tuple

import numpy as np

from . import _messages as msg
from ._plane import Plane

LOSSES = ("cross_entropy", "mse", "model")
#: Examples per forward pass in the kernel (bounds activation memory on big batches).
KERNEL_BATCH = 256


def check_data(inputs: Any, targets: Any, loss: str) -> Tuple[Any, Optional[Any]]:
    """inputs and targets as float32 / int64 (or float32 for mse) torch tensors, checked."""
    import torch

    if loss not in LOSSES:
        raise ValueError(msg.bad_choice("loss", loss, LOSSES))
    x = torch.as_tensor(np.asarray(inputs.detach().cpu() if hasattr(inputs, "detach") else inputs))
    if x.is_floating_point():
        x = x.float()
        bad = int((~torch.isfinite(x)).sum())
        if bad:
            raise ValueError(msg.not_finite("data", bad))
    if targets is None:
        if loss != "model":
            raise ValueError(msg.targets_needed(loss))
        return x, None
    y = torch.as_tensor(np.asarray(targets.detach().cpu() if hasattr(targets, "detach") else targets))
    if y.shape[0] != x.shape[0]:
        raise ValueError(msg.target_count(int(y.shape[0]), int(x.shape[0])))
    if loss == "cross_entropy":
        y = y.long()
    else:
        y = y.float()
        bad = int((~torch.isfinite(y)).sum())
        if bad:
            raise ValueError(msg.not_finite("targets", bad))
    return x, y


def loss_and_correct(output: Any, y: Optional[Any], loss: str, n: int) -> Tuple[float, float]:
    """Summed loss over the n examples of one batch (so batches add up) and the count of correct ones."""
    import torch.nn.functional as F

    if loss == "cross_entropy":
        total = float(F.cross_entropy(output, y, reduction="sum"))
        return total, float((output.argmax(dim=1) == y).sum())
    if loss == "mse":
        per = ((output - y.reshape(output.shape)) ** 2).reshape(n, -1).mean(dim=1)
        return float(per.sum()), float("nan")
    if output.dim() == 0:
        return float(output) * n, float("nan")
    return float(output.reshape(n, -1).mean(dim=1).sum()), float("nan")


def evaluate_points(model: Any, plane: Plane, x: Any, y: Optional[Any], loss: str,
                    points: Iterable[Tuple[int, ...]], batch_size: int = KERNEL_BATCH
                    ) -> List[Tuple[Tuple[int, ...], float, float]]:
    """(grid index, loss, accuracy) at each grid index ((i,) on a line, (row, col) on a plane)."""
    import torch
    from torch.func import functional_call

    model = model.eval()
    buffers = dict(model.named_buffers())
    n = int(x.shape[0])
    out = []
    with torch.no_grad():
        for index in points:
            a = float(plane.xs[index[-1]])
            b = float(plane.ys[index[0]]) if plane.dims == 2 else 0.0
            state = {**buffers, **plane.point(a, b)}
            total, correct = 0.0, 0.0
            for start in range(0, n, batch_size):
                xb = x[start:start + batch_size]
                yb = None if y is None else y[start:start + batch_size]
                output = functional_call(model, state, (xb,))
                if isinstance(output, (tuple, list)):
                    output = output[0]
                l, c = loss_and_correct(output, yb, loss, int(xb.shape[0]))
                total += l
                correct += c
            out.append((tuple(index), total / n, correct / n if loss == "cross_entropy" else float("nan")))
    return out


def grid_indices(plane: Plane) -> List[Tuple[int, ...]]:
    if plane.dims == 1:
        return [(i,) for i in range(len(plane.xs))]
    return [(r, c) for r in range(len(plane.ys)) for c in range(len(plane.xs))]


def evaluate(model: Any, plane: Plane, inputs: Any, targets: Any = None, loss: str = "cross_entropy",
             batch_size: int = KERNEL_BATCH, on_row: Optional[Callable[[int, np.ndarray, np.ndarray], None]] = None
             ) -> Dict[str, np.ndarray]:
    """The whole grid in the kernel: {"loss", "accuracy"} shaped like plane.shape (rows are ys).

    on_row(row, loss_row, accuracy_row) is called as each row finishes (a line is one row).
    """
    x, y = check_data(inputs, targets, loss)
    loss_grid = np.full(plane.shape, np.nan)
    acc_grid = np.full(plane.shape, np.nan)
    rows = [[(i,) for i in range(len(plane.xs))]] if plane.dims == 1 else \
        [[(r, c) for c in range(len(plane.xs))] for r in range(len(plane.ys))]
    for r, row in enumerate(rows):
        for index, l, a in evaluate_points(model, plane, x, y, loss, row, batch_size):
            loss_grid[index] = l
            acc_grid[index] = a
        if on_row is not None:
            on_row(r, loss_grid[r] if plane.dims == 2 else loss_grid, acc_grid[r] if plane.dims == 2 else acc_grid)
    return {"loss": loss_grid, "accuracy": acc_grid}


__all__ = ["KERNEL_BATCH", "LOSSES", "check_data", "evaluate", "evaluate_points", "grid_indices", "loss_and_correct"]
