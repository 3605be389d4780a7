"""Kernel side of the model-bridge benchmark (imported by the bench notebook).

bench.spec.ts writes `bench-plan.json` next to the notebook (repository root, model, reps) and
runs these, one cell each, parsing the `BENCH {...}` line a cell prints:
  - `setup()`: versions, the model and its size;
  - `kernel_times()`: `netlens.export(model, (x,))` timed with `time.perf_counter` (median of
    `export_reps`), and the PyTorch CPU forward under `torch.no_grad()` (`torch_warmup` calls,
    then `torch_reps` timed), default `torch.set_num_threads`;
  - `view()`: `netlens.ModelView(model, x, compute="browser")` (export again, encode, queue the
    weights); the browser then receives, compiles and runs the first forward on its own;
  - `close()`: closes the widget (the browser frees its weights) before the next round;
  - `torch_times()`: the PyTorch forward once more, at the end of the run.
The model and input are built once per kernel; the input is fixed by a seed.
"""
from __future__ import annotations

import gc
import json
import os
import platform
import statistics
import sys
import time
from typing import Any, Dict, List

import torch

with open("bench-plan.json") as f:
    PLAN: Dict[str, Any] = json.load(f)

REPO = PLAN["repo"]
if REPO not in sys.path:
    sys.path.insert(0, REPO)

import netlens as nl  # noqa: E402


def _api(name: str, module: str) -> Any:
    """netlens.<name>, or where it lives if the package does not re-export it (yet)."""
    if hasattr(nl, name):
        return getattr(nl, name)
    import importlib

    return getattr(importlib.import_module(module), name)


export = _api("export", "netlens.bridge")
ModelView = _api("ModelView", "netlens.widgets")

_live: List[Any] = []
_model = None
_x = None


def _emit(obj: Dict[str, Any]) -> None:
    print("BENCH " + json.dumps(obj), flush=True)


def _standin() -> torch.nn.Module:
    """A small ResNet-like stand-in (development only: NETLENS_BENCH_MODEL=standin)."""
    import torch.nn as nn
    import torch.nn.functional as F

    class Block(nn.Module):
        def __init__(self, cin: int, cout: int, stride: int) -> None:
            super().__init__()
            self.conv1 = nn.Conv2d(cin, cout, 3, stride, 1, bias=False)
            self.bn1 = nn.BatchNorm2d(cout)
            self.conv2 = nn.Conv2d(cout, cout, 3, 1, 1, bias=False)
            self.bn2 = nn.BatchNorm2d(cout)
            self.down = None
            if stride != 1 or cin != cout:
                self.down = nn.Sequential(nn.Conv2d(cin, cout, 1, stride, bias=False), nn.BatchNorm2d(cout))

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            y = F.relu(self.bn1(self.conv1(x)))
            y = self.bn2(self.conv2(y))
            return F.relu(y + (x if self.down is None else self.down(x)))

    class StandIn(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.stem = nn.Sequential(nn.Conv2d(3, 16, 7, 2, 3, bias=False), nn.BatchNorm2d(16), nn.ReLU(), nn.MaxPool2d(3, 2, 1))
            self.layer1 = Block(16, 32, 2)
            self.layer2 = Block(32, 64, 2)
            self.fc = nn.Linear(64, 1000)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            x = self.layer2(self.layer1(self.stem(x)))
            return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))

    return StandIn()


def _build() -> None:
    global _model, _x
    torch.manual_seed(0)
    if PLAN["model"] == "resnet18":
        from tests.models.suite import resnet18

        model = resnet18(num_classes=1000, width=64)
    else:
        model = _standin()
    _model = model.eval()
    _x = torch.randn(1, 3, 224, 224, generator=torch.Generator().manual_seed(1))


def setup() -> None:
    _build()
    import jupyterlab

    # The browser's sweep runs the same input and checks its output against PyTorch's.
    _x.numpy().astype("float32").tofile("bench-input.f32")
    with torch.no_grad():
        _model(_x).numpy().astype("float32").tofile("bench-output.f32")
    params = sum(p.numel() for p in _model.parameters())
    buffers = sum(b.numel() for b in _model.buffers() if b.is_floating_point())
    _emit({
        "model": PLAN["model"],
        "model_class": type(_model).__name__,
        "parameters": int(params),
        "float_buffers": int(buffers),
        "input_shape": list(_x.shape),
        "torch": torch.__version__,
        "torch_threads": torch.get_num_threads(),
        "torch_interop_threads": torch.get_num_interop_threads(),
        "python": platform.python_version(),
        "netlens": nl.__version__,
        "netlens_file": nl.__file__,
        "jupyterlab": jupyterlab.__version__,
    })


def kernel_times() -> None:
    """Export (median of export_reps) and the PyTorch CPU forward (warm-up, then torch_reps)."""
    export_ms: List[float] = []
    nodes = None
    for _ in range(PLAN["export_reps"]):
        gc.collect()
        t0 = time.perf_counter()
        exported = export(_model, (_x,))
        export_ms.append((time.perf_counter() - t0) * 1000)
        nodes = len(exported.ir["nodes"])
        weight_bytes = sum(int(w.nbytes) for w in exported.weights.values())
        del exported
    gc.collect()
    torch_ms = _torch_forward()
    _emit({
        "export_ms": export_ms,
        "export_median_ms": statistics.median(export_ms),
        "ir_nodes": nodes,
        "weight_bytes": weight_bytes,
        "torch_forward_ms": torch_ms,
        "torch_forward_median_ms": statistics.median(torch_ms),
    })


def _torch_forward() -> List[float]:
    torch_ms: List[float] = []
    with torch.no_grad():
        for _ in range(PLAN["torch_warmup"]):
            _model(_x)
        for _ in range(PLAN["torch_reps"]):
            t0 = time.perf_counter()
            _model(_x)
            torch_ms.append((time.perf_counter() - t0) * 1000)
    return torch_ms


def torch_times() -> None:
    """The PyTorch forward again, at the end of the run (the machine's load may have changed)."""
    gc.collect()
    torch_ms = _torch_forward()
    _emit({"torch_forward_ms": torch_ms, "torch_forward_median_ms": statistics.median(torch_ms)})


def view() -> None:
    """Creates the ModelView (not displayed: no view renders); the browser does the rest."""
    gc.collect()
    t0_wall = time.time()
    t0 = time.perf_counter()
    w = ModelView(_model, _x, compute="browser")
    construct_ms = (time.perf_counter() - t0) * 1000
    _live.append(w)
    _emit({
        "t0_ms": t0_wall * 1000,
        "construct_ms": construct_ms,
        "compute_used": w.compute_used,
        "compute_reason": w.compute_reason,
        "summary": w.summary,
    })


def close() -> None:
    while _live:
        _live.pop().close()
    gc.collect()
    _emit({"closed": True})
