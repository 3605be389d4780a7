"""Loss-landscape benchmark, step 2: the kernel side, on PyTorch CPU.

    python tests/bench/landscape/kernel_bench.py SCRATCH        # → SCRATCH/kernel.json

- loss-landscapes (the peer): `random_plane(model, Loss(cross_entropy, x, y), distance, steps,
  normalization="filter")` on the same model, data and grid size (its own random directions).
- netlens' kernel path: `netlens.landscape.evaluate` on the benchmark's plane.
- netlens' Dask path: `evaluate_dask` on a LocalCluster of 1 and of 2 worker processes (one thread
  each); cluster start-up is timed apart from the grid.
Each is timed over the whole grid (NETLENS_BENCH_REPS runs, median) after one warm-up forward pass.
"""
from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from prepare import RESOLUTION, model_and_data, plane  # noqa: E402

REPS = int(os.environ.get("NETLENS_BENCH_REPS", "3"))
WORKERS = [int(w) for w in os.environ.get("NETLENS_BENCH_DASK_WORKERS", "1,2").split(",") if w]


def timed(fn, reps=REPS):
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median_s": statistics.median(times), "times_s": times}


def main(scratch: Path) -> None:
    import cloudpickle
    import loss_landscapes
    import loss_landscapes.metrics
    from dask.distributed import Client, LocalCluster

    from netlens.landscape import evaluate, evaluate_dask

    model, x, y = model_and_data()
    # The suite is loaded from a file, not an installed module: Dask's worker processes get its
    # classes by value (as they would a notebook's).
    cloudpickle.register_pickle_by_value(sys.modules[type(model).__module__])
    p = plane(model)
    points = RESOLUTION * RESOLUTION
    with torch.no_grad():
        model(x)  # warm-up
    out = {"points": points, "torch_threads": torch.get_num_threads(), "torch": torch.__version__}

    metric = loss_landscapes.metrics.Loss(torch.nn.functional.cross_entropy, x, y)
    peer = timed(lambda: loss_landscapes.random_plane(model, metric, distance=1, steps=RESOLUTION, normalization="filter",
                                                       deepcopy_model=True))
    out["loss_landscapes"] = {**peer, "points_per_s": points / peer["median_s"]}
    print(f"loss-landscapes: {out['loss_landscapes']['points_per_s']:.2f} points/s")

    kernel = timed(lambda: evaluate(model, p, x, y, batch_size=x.shape[0]))
    out["netlens_kernel"] = {**kernel, "points_per_s": points / kernel["median_s"]}
    print(f"netlens kernel path: {out['netlens_kernel']['points_per_s']:.2f} points/s")

    out["dask"] = {}
    for n in WORKERS:
        t0 = time.perf_counter()
        with LocalCluster(n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
                Client(cluster) as client:
            started = time.perf_counter() - t0
            evaluate_dask(client, model, p, x[:8], y[:8])  # workers import torch and warm up
            grid = timed(lambda: evaluate_dask(client, model, p, x, y, batch_size=x.shape[0]))
        out["dask"][str(n)] = {**grid, "points_per_s": points / grid["median_s"], "cluster_start_s": started}
        print(f"netlens Dask, {n} worker(s): {out['dask'][str(n)]['points_per_s']:.2f} points/s")
    (scratch / "kernel.json").write_text(json.dumps(out, indent=1))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
