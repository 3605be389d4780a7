"""The kernel path beyond one machine: grid rows as dask.distributed tasks, streamed back as they
finish. The model, data and plane are scattered to the workers once; each task evaluates one row
with the same code as the kernel path (_evaluate.py), so both give the same grid.

Example:
    >>> from dask.distributed import Client, LocalCluster                       # doctest: +SKIP
    >>> client = Client(LocalCluster(n_workers=2, threads_per_worker=1))        # doctest: +SKIP
    >>> grid = evaluate_dask(client, model, plane, x, y)                        # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any, Callable, Dict, Optional

import numpy as np

from ._evaluate import KERNEL_BATCH, check_data, evaluate_points
from ._plane import Plane


def _row_task(model: Any, plane: Plane, x: Any, y: Any, loss: str, row: int, batch_size: int):
    # Each worker process evaluates with one thread: tasks are the unit of parallelism.
    # functional_call swaps parameters into the module while it runs, so tasks that share a
    # process (threaded workers, or several threads per worker) each work on their own copy.
    import copy

    import torch

    torch.set_num_threads(1)
    model = copy.deepcopy(model)
    indices = [(i,) for i in range(len(plane.xs))] if plane.dims == 1 else [(row, c) for c in range(len(plane.xs))]
    values = evaluate_points(model, plane, x, y, loss, indices, batch_size)
    return row, np.array([v[1] for v in values]), np.array([v[2] for v in values])


def evaluate_dask(client: Any, model: Any, plane: Plane, inputs: Any, targets: Any = None,
                  loss: str = "cross_entropy", batch_size: int = KERNEL_BATCH,
                  on_row: Optional[Callable[[int, np.ndarray, np.ndarray], None]] = None,
                  order: Optional[list] = None) -> Dict[str, np.ndarray]:
    """The grid of `evaluate`, one task per row on `client`; on_row is called in completion order.
    `order` lists rows in the order to submit them (default: top to bottom)."""
    from dask.distributed import as_completed

    x, y = check_data(inputs, targets, loss)
    model = model.eval()
    [m_f, p_f, x_f, y_f] = client.scatter([model, plane, x, y], broadcast=True)
    rows = order if order is not None else list(range(1 if plane.dims == 1 else len(plane.ys)))
    futures = [client.submit(_row_task, m_f, p_f, x_f, y_f, loss, r, batch_size, pure=False) for r in rows]
    loss_grid = np.full(plane.shape, np.nan)
    acc_grid = np.full(plane.shape, np.nan)
    try:
        for future in as_completed(futures):
            r, l, a = future.result()
            if plane.dims == 1:
                loss_grid[:], acc_grid[:] = l, a
            else:
                loss_grid[r], acc_grid[r] = l, a
            if on_row is not None:
                on_row(r, l, a)
    finally:
        for f in futures:
            f.release()
    return {"loss": loss_grid, "accuracy": acc_grid}


__all__ = ["evaluate_dask"]
