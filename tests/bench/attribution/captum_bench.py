"""Attribution benchmark, step 2: Captum on PyTorch CPU, the peer a netlens user would otherwise run.

    python tests/bench/attribution/captum_bench.py SCRATCH            # timings → SCRATCH/captum.json
    python tests/bench/attribution/captum_bench.py SCRATCH --memory 200 [--internal 27]
        # one IG run in this process; prints the peak resident memory it added (MiB)

Each method is called the way Captum's documentation shows (Saliency(model).attribute(x, target=…), …)
with the plan's parameters: one warm-up call, then NETLENS_BENCH_REPS timed calls (median). Memory:
the process's peak RSS (VmHWM) minus its RSS before integrated gradients, in a fresh process per
configuration (Captum's default internal_batch_size=None puts every step in one batch).
"""
from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

import torch

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from prepare import MEMORY_STEPS, METHODS, model_and_inputs  # noqa: E402

REPS = int(os.environ.get("NETLENS_BENCH_REPS", "5"))


def captum_call(spec: dict, model, x, target):
    from captum.attr import (LRP, Deconvolution, DeepLift, GuidedBackprop, GuidedGradCam, InputXGradient,
                             IntegratedGradients, LayerAttribution, LayerGradCam, NoiseTunnel, Occlusion, Saliency)

    m, p = spec["method"], spec.get("params", {})
    layer = lambda: dict(model.named_modules())[p["layer"]]  # noqa: E731
    if spec.get("noise_tunnel"):
        nt = spec["noise_tunnel"]
        return lambda: NoiseTunnel(Saliency(model)).attribute(x, nt_type=nt["type"], nt_samples=nt["samples"], stdevs=nt["stdev"], target=target)
    if m == "saliency":
        return lambda: Saliency(model).attribute(x, target=target)
    if m == "input_x_gradient":
        return lambda: InputXGradient(model).attribute(x, target=target)
    if m == "integrated_gradients":
        return lambda: IntegratedGradients(model).attribute(x, target=target, n_steps=p["n_steps"])
    if m == "deeplift":
        return lambda: DeepLift(model).attribute(x, target=target)
    if m == "lrp":
        return lambda: LRP(model).attribute(x, target=target)
    if m == "grad_cam":
        return lambda: LayerAttribution.interpolate(LayerGradCam(model, layer()).attribute(x, target=target, relu_attributions=True), tuple(x.shape[2:]), "bilinear")
    if m == "guided_backprop":
        return lambda: GuidedBackprop(model).attribute(x, target=target)
    if m == "deconvolution":
        return lambda: Deconvolution(model).attribute(x, target=target)
    if m == "guided_grad_cam":
        return lambda: GuidedGradCam(model, layer()).attribute(x, target=target)
    if m == "occlusion":
        return lambda: Occlusion(model).attribute(x, sliding_window_shapes=tuple(p["sliding_window_shapes"]), strides=tuple(p["strides"]),
                                                  target=target, perturbations_per_eval=16)
    raise ValueError(m)


def timings(out: Path) -> None:
    warnings.filterwarnings("ignore")
    model, x = model_and_inputs()
    with torch.no_grad():
        target = model(x).argmax(1).tolist()
    rows = {}
    for spec in METHODS:
        call = captum_call(spec, model, x, target)
        call()  # warm-up
        times = []
        for _ in range(REPS):
            t0 = time.perf_counter()
            call()
            times.append((time.perf_counter() - t0) * 1000)
        rows[spec["label"]] = {"median_ms": statistics.median(times), "times_ms": times}
        print(f"captum {spec['label']}: {rows[spec['label']]['median_ms']:.1f} ms", flush=True)
    with torch.no_grad():
        t = []
        for _ in range(REPS + 1):
            t0 = time.perf_counter()
            model(x)
            t.append((time.perf_counter() - t0) * 1000)
    memory = {}
    for steps in MEMORY_STEPS:
        for internal in (None, "ours"):
            args = [sys.executable, __file__, str(out), "--memory", str(steps)] + ([] if internal is None else ["--internal", "ours"])
            mib = float(subprocess.run(args, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])
            memory[f"{steps}|{'default' if internal is None else 'ours'}"] = mib
            print(f"captum IG {steps} steps, internal_batch_size={'None' if internal is None else 'as netlens'}: +{mib:.0f} MiB", flush=True)
    result = {"methods": rows, "forward_ms": statistics.median(t[1:]), "memory_mib": memory, "torch": torch.__version__,
              "threads": torch.get_num_threads()}
    (out / "captum.json").write_text(json.dumps(result, indent=1))


def _status(key: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return float(line.split()[1]) / 1024  # kB → MiB
    raise KeyError(key)


def memory(steps: int, internal: str | None) -> None:
    from captum.attr import IntegratedGradients

    warnings.filterwarnings("ignore")
    model, x = model_and_inputs()
    with torch.no_grad():
        target = model(x).argmax(1).tolist()
    kw = {}
    if internal == "ours":
        # netlens's default: 2^18 input elements per pass (src/methods/attribution/integrated-gradients.ts)
        kw["internal_batch_size"] = max(x.shape[0], 2**18 // int(x[0].numel()))
    IntegratedGradients(model).attribute(x[:1], target=target[:1], n_steps=2)  # warm allocators
    before = _status("VmRSS")
    IntegratedGradients(model).attribute(x, target=target, n_steps=steps, **kw)
    print(_status("VmHWM") - before)


if __name__ == "__main__":
    scratch = Path(sys.argv[1])
    if "--memory" in sys.argv:
        memory(int(sys.argv[sys.argv.index("--memory") + 1]), "ours" if "--internal" in sys.argv else None)
    else:
        timings(scratch)
