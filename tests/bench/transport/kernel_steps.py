"""Kernel side of the transport benchmark (imported by the bench notebook).

The notebook runs `step()` once per kernel measurement, in the order of `bench-plan.json`
(written by bench.spec.ts next to the notebook) and `cleanup()` between measurements. The kernel's
timings go to `bench-kernel.json` after every change, so they survive a page that dies mid-run.

Each measurement starts its clock (`t0 = time.time()`) after the tensor exists and ends it in
the browser (Date.now(), same machine, same clock):
  - netlens: `nl.TensorView(x)` (Arrow encode + store), then the chunked transfer after the cell
    ends; the browser stops the clock when the model has decoded the tensor. The widget is not
    displayed, so no view renders or computes statistics.
  - json: what BertViz does: `x.tolist()`, `json.dumps`, embedded in a `Javascript` display; the
    browser stops the clock when the script has evaluated the literal.
"""
from __future__ import annotations

import gc
import json
import os
import sys
import time
from typing import Any, Dict, List

import torch
from IPython.display import Javascript, display

import netlens as nl

MIB = 1 << 20
PANEL = (1, 256, 256)  # NCHW items of 256 KiB (float32): the view would draw one item only
# V8's longest string (2**29 - 24 chars); the whole Jupyter message must fit in one.
V8_MAX_STRING = (1 << 29) - 24
ENVELOPE_CHARS = 4096  # header, metadata and the script around the JSON literal

with open("bench-plan.json") as f:
    _plan = json.load(f)
PLAN: List[Dict[str, Any]] = _plan["kernel_steps"]
# Profiling only (NETLENS_BENCH_WINDOW / NETLENS_BENCH_CHUNK_KIB): other transport settings for every TensorView.
TRANSPORT_OVERRIDE: Dict[str, int] = _plan.get("transport", {})
if TRANSPORT_OVERRIDE:
    import functools

    import netlens.widgets.tensor_view as _tv

    _tv.Transport = functools.partial(_tv.Transport, **TRANSPORT_OVERRIDE)
_next = 0
_live: List[Any] = []
records: Dict[str, Dict[str, Any]] = {}


def make_tensor(mib: float) -> torch.Tensor:
    """Uniform [0, 1) float32 (like attention weights), `mib` MiB, shape (n, 1, 256, 256)."""
    n = max(1, round(mib * MIB / (4 * PANEL[0] * PANEL[1] * PANEL[2])))
    g = torch.Generator().manual_seed(n)
    return torch.rand((n, *PANEL), generator=g, dtype=torch.float32)


def step() -> None:
    """Runs the next kernel measurement of the plan."""
    global _next
    s = PLAN[_next]
    _next += 1
    try:
        x = make_tensor(s["mib"])
        if s["path"] == "netlens":
            _netlens(s, x)
        else:
            _json(s, x)
    except BaseException as err:  # noqa: BLE001 - every failure becomes a result, not a hang
        _fail(s["id"], f"{type(err).__name__}: {err}")


def cleanup() -> None:
    """Closes the widgets of the last measurement and frees memory before the next one."""
    while _live:
        _live.pop().close()
    gc.collect()


def save() -> None:
    """Writes the kernel's side of every measurement so far to bench-kernel.json."""
    import jupyterlab

    info = {"records": records, "python": sys.version.split()[0], "netlens": nl.__version__, "jupyterlab": jupyterlab.__version__}
    with open("bench-kernel.json.tmp", "w") as f:
        json.dump(info, f)
    os.replace("bench-kernel.json.tmp", "bench-kernel.json")


def _netlens(s: Dict[str, Any], x: torch.Tensor) -> None:
    t0 = time.time()
    w = nl.TensorView(x, title=f"bench|{s['id']}|{t0 * 1000:.3f}")
    t1 = time.time()
    _live.append(w)
    records[s["id"]] = {"t0_ms": t0 * 1000, "encode_ms": (t1 - t0) * 1000, "nbytes": x.numel() * 4}
    save()


def _json(s: Dict[str, Any], x: torch.Tensor) -> None:
    sid = json.dumps(s["id"])
    t0 = time.time()
    data = x.tolist()
    t1 = time.time()
    text = json.dumps({"attention": data})
    del data
    t2 = time.time()
    rec = {"t0_ms": t0 * 1000, "tolist_ms": (t1 - t0) * 1000, "dumps_ms": (t2 - t1) * 1000, "json_chars": len(text)}
    records[s["id"]] = rec
    if len(text) + ENVELOPE_CHARS > V8_MAX_STRING:
        _fail(s["id"], f"not possible: {len(text) / 1e6:.0f} M chars of JSON > V8's max string length ({V8_MAX_STRING / 1e6:.0f} M)")
        return
    script = (
        "(function () { var params = " + text + "; var t1 = Date.now(); "
        f"globalThis.__bench__.jsonDone({sid}, {t0 * 1000:.3f}, t1, params.attention.length); }})();"
    )
    del text
    save()  # before the send: the page may not survive it
    display(Javascript(script))
    rec["send_ms"] = (time.time() - t2) * 1000
    save()


def _fail(sid: str, reason: str) -> None:
    records.setdefault(sid, {})["error"] = reason
    save()
    display(Javascript(f"globalThis.__bench__.failed({json.dumps(sid)}, {json.dumps(reason)});"))


save()  # versions, before the first step
