"""Attribution benchmark, step 1: the model, inputs and plan, written to the scratch directory.

    python tests/bench/attribution/prepare.py SCRATCH

Model: a VGG-11 layout at a quarter of the width (16-32-64-64-128-128-128-128 channels, ReLU
modules, no reuse: every Captum method applies), 1000 classes, 112×112 RGB, batch 2, seeded.
Writes ir.json, weights.arrow, inputs.arrow (x, the predicted classes) and plan.json (methods with
Captum's parameters).
"""
from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[3]
BATCH, SIZE = 2, 112
#: Methods and parameters, shared by the browser and Captum (the widget's spec format).
METHODS = [
    {"label": "saliency", "method": "saliency", "params": {}},
    {"label": "input_x_gradient", "method": "input_x_gradient", "params": {}},
    {"label": "integrated_gradients", "method": "integrated_gradients", "params": {"n_steps": 50}},
    {"label": "smoothgrad", "method": "saliency", "params": {}, "noise_tunnel": {"type": "smoothgrad", "samples": 16, "stdev": 0.3, "seed": 0}},
    {"label": "deeplift", "method": "deeplift", "params": {}},
    {"label": "lrp", "method": "lrp", "params": {}},
    {"label": "grad_cam", "method": "grad_cam", "params": {"layer": "features.19", "interpolate_mode": "bilinear"}},
    {"label": "guided_backprop", "method": "guided_backprop", "params": {}},
    {"label": "deconvolution", "method": "deconvolution", "params": {}},
    {"label": "guided_grad_cam", "method": "guided_grad_cam", "params": {"layer": "features.19"}},
    {"label": "occlusion", "method": "occlusion", "params": {"sliding_window_shapes": [3, 16, 16], "strides": [3, 8, 8]}},
]
#: Integrated-gradients step counts for the memory comparison.
MEMORY_STEPS = [50, 200]


def model_and_inputs():
    spec = importlib.util.spec_from_file_location("netlens_model_suite", ROOT / "tests" / "models" / "suite.py")
    suite = importlib.util.module_from_spec(spec)
    sys.modules["netlens_model_suite"] = suite
    spec.loader.exec_module(suite)
    torch.manual_seed(0)
    cfg = (16, "M", 32, "M", 64, 64, "M", 128, 128, "M", 128, 128, "M")
    model = suite.VGG(cfg=cfg, classes=1000).eval()
    x = torch.randn(BATCH, 3, SIZE, SIZE, generator=torch.Generator().manual_seed(1))
    return model, x


def main(out: Path) -> None:
    import netlens
    from netlens._arrow import tensors_to_ipc

    out.mkdir(parents=True, exist_ok=True)
    model, x = model_and_inputs()
    ex = netlens.export(model, x)
    with torch.no_grad():
        classes = model(x).argmax(1).to(torch.int32)
    (out / "ir.json").write_text(ex.ir_json())
    (out / "weights.arrow").write_bytes(ex.weights_ipc().to_pybytes())
    (out / "inputs.arrow").write_bytes(tensors_to_ipc({"x": x, "classes": classes})[0].to_pybytes())
    plan = {"methods": METHODS, "memory_steps": MEMORY_STEPS, "batch": BATCH, "size": SIZE,
            "parameters": ex.num_parameters, "classes": classes.tolist()}
    (out / "plan.json").write_text(json.dumps(plan, indent=1))
    print(f"model: VGG-11 layout, width/4, {ex.num_parameters:,} parameters, input {BATCH}×3×{SIZE}×{SIZE}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
