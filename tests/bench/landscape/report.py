"""Loss-landscape benchmark, step 4: results.json and results.md from SCRATCH/kernel.json and
SCRATCH/browser-<backend>.json.

    python tests/bench/landscape/report.py SCRATCH
"""
from __future__ import annotations

import json
import sys
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "shared"))
sys.path.insert(0, str(HERE))
from machine import machine  # noqa: E402

ORDER = ["webgpu", "webgl", "wasm", "cpu"]


def agreement(scratch: Path, browsers: dict) -> dict:
    """Max relative difference of each backend's points from PyTorch on the same plane."""
    from netlens.landscape import evaluate
    from prepare import model_and_data, plane

    model, x, y = model_and_data()
    ref = evaluate(model, plane(model), x, y)["loss"].ravel()
    out = {}
    for b, r in browsers.items():
        idx = np.array([int(k) for k in r["values"]])
        got = np.array([r["values"][k] for k in r["values"]])
        out[b] = float(np.max(np.abs(got - ref[idx]) / np.abs(ref[idx]))) if len(idx) else float("nan")
    return out


def main(scratch: Path) -> None:
    plan = json.loads((scratch / "plan.json").read_text())
    kernel = json.loads((scratch / "kernel.json").read_text())
    browsers = {b: json.loads((scratch / f"browser-{b}.json").read_text()) for b in ORDER if (scratch / f"browser-{b}.json").exists()}
    errors = agreement(scratch, browsers)
    saved = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"), "machine": machine(), "plan": plan,
             "kernel": kernel, "browser": browsers, "max_relative_error": errors}
    (HERE / "results.json").write_text(json.dumps(saved, indent=1))
    m = saved["machine"]
    peer = kernel["loss_landscapes"]["points_per_s"]
    chromium = next(iter(browsers.values()), {}).get("chromium", "?")
    lines = [
        "# Loss-landscape benchmark",
        "",
        f"Measured {saved['date']} on {m['cpu']} ({m['cores']} cores, {m['memory_gib']} GiB; GPU: {m['gpu']}); "
        f"Chromium {chromium}; PyTorch {kernel['torch']} CPU ({kernel['torch_threads']} threads).",
        f"Model: ResNet-18 layout at a quarter width ({plan['parameters']:,} parameters); loss: cross-entropy over "
        f"{plan['batch']} examples of 3×32×32 per grid point; grid {plan['resolution']}×{plan['resolution']} on [-1, 1]², "
        "filter-normalized random directions. Ratio = points/s ÷ loss-landscapes' (> 1: faster than the peer).",
        "",
        "| who | where | points/s | ÷ loss-landscapes | notes |",
        "|---|---|---:|---:|---|",
        f"| loss-landscapes `random_plane` | kernel, PyTorch CPU | {peer:.2f} | 1.00× | median of {len(kernel['loss_landscapes']['times_s'])} grids |",
        f"| netlens `landscape.evaluate` | kernel, PyTorch CPU | {kernel['netlens_kernel']['points_per_s']:.2f} | "
        f"{kernel['netlens_kernel']['points_per_s'] / peer:.2f}× | the widget's kernel path |",
    ]
    for n, d in kernel["dask"].items():
        lines.append(f"| netlens Dask, {n} worker process(es) × 1 thread | LocalCluster | {d['points_per_s']:.2f} | "
                     f"{d['points_per_s'] / peer:.2f}× | cluster start {d['cluster_start_s']:.1f} s, not counted |")
    for b, r in browsers.items():
        lines.append(f"| netlens in the browser | tfjs {b} | {r['points_per_s']:.3f} | {r['points_per_s'] / peer:.3f}× | "
                     f"{r['points']} points timed, first point {r['first_ms'] / 1000:.1f} s; max rel. error vs PyTorch {errors[b]:.1e}; "
                     f"leaked tensors {r['leaked']} |")
    if "1" in kernel["dask"] and "2" in kernel["dask"]:
        lines += ["", f"Dask, 2 workers ÷ 1 worker: {kernel['dask']['2']['points_per_s'] / kernel['dask']['1']['points_per_s']:.2f}×."]
    (HERE / "results.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    main(Path(sys.argv[1]))
