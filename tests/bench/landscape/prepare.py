"""Loss-landscape benchmark, step 1: the model, data, plane and plan, written to the scratch directory.

    python tests/bench/landscape/prepare.py SCRATCH

Model: the ResNet-18 layout of tests/models/suite.py at a quarter of the width (16-32-64-128
channels, BatchNorm, downsampling residuals), 10 classes, CIFAR-size 3×32×32 inputs; a batch of
BATCH examples with labels, seeded. BatchNorm weights, biases and running statistics are set to
seeded non-trivial values, as after training (a fresh model's zero BN biases make loss-landscapes'
filter normalization divide by zero). The plane: random filter-normalized directions (biases and BN
zeroed, Li et al.'s defaults), RESOLUTION × RESOLUTION points on [-1, 1]². Writes ir.json,
weights.arrow, data.arrow (x, target), directions.arrow (the wire form the widget sends) and plan.json.
"""
from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[3]
BATCH = int(os.environ.get("NETLENS_BENCH_BATCH", "128"))
RESOLUTION = int(os.environ.get("NETLENS_BENCH_RESOLUTION", "9"))
SEED = 0


def model_and_data():
    spec = importlib.util.spec_from_file_location("netlens_model_suite", ROOT / "tests" / "models" / "suite.py")
    suite = importlib.util.module_from_spec(spec)
    sys.modules["netlens_model_suite"] = suite
    spec.loader.exec_module(suite)
    torch.manual_seed(0)
    model = suite.resnet18(num_classes=10, width=16).eval()
    with torch.no_grad():
        for m in model.modules():
            if isinstance(m, torch.nn.BatchNorm2d):
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.2, 0.2)
                m.running_mean.uniform_(-0.1, 0.1)
                m.running_var.uniform_(0.5, 1.5)
            elif isinstance(m, torch.nn.Linear) and m.bias is not None:
                m.bias.uniform_(-0.1, 0.1)
    g = torch.Generator().manual_seed(1)
    x = torch.randn(BATCH, 3, 32, 32, generator=g)
    y = torch.randint(0, 10, (BATCH,), generator=g)
    return model, x, y


def plane(model):
    from netlens.landscape import random_plane

    return random_plane(model, seed=SEED, resolution=RESOLUTION, range=(-1.0, 1.0))


def main(out: Path) -> None:
    import numpy as np

    import netlens
    from netlens._arrow import tensors_to_ipc
    from netlens.landscape._wire import directions_wire

    out.mkdir(parents=True, exist_ok=True)
    model, x, y = model_and_data()
    ex = netlens.export(model, x[:1])
    p = plane(model)
    (out / "ir.json").write_text(ex.ir_json())
    (out / "weights.arrow").write_bytes(ex.weights_ipc().to_pybytes())
    name = ex.input_names[0]
    (out / "data.arrow").write_bytes(tensors_to_ipc({name: x.numpy(), "target": y.numpy().astype(np.int32)})[0].to_pybytes())
    (out / "directions.arrow").write_bytes(tensors_to_ipc(directions_wire(ex, p))[0].to_pybytes())
    plan = {"batch": BATCH, "resolution": RESOLUTION, "xs": p.xs.tolist(), "ys": p.ys.tolist(), "parameters": ex.num_parameters,
            "input": name}
    (out / "plan.json").write_text(json.dumps(plan, indent=1))
    print(f"model: ResNet-18 layout, width/4, {ex.num_parameters:,} parameters; data {BATCH}×3×32×32; "
          f"grid {RESOLUTION}×{RESOLUTION}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
