"""A Plane as the browser takes it: directions keyed by the IR's weight names ("k|p_conv_weight"),
and the coordinates; directions that are zero for a weight are left out (the browser keeps that
weight as it is, which also saves the upload).

Example:
    >>> import torch, netlens
    >>> from netlens.landscape import random_line
    >>> m = torch.nn.Linear(3, 2).eval()
    >>> sorted(directions_wire(netlens.export(m, torch.randn(1, 3)), random_line(m, resolution=3)))
    ['0|p_weight']
"""
from __future__ import annotations

from typing import Any, Dict

import numpy as np

from ._plane import Plane


def weight_names(exported: Any) -> Dict[str, str]:
    """PyTorch name (state_dict key) → IR weight name."""
    return {w["target"]: w["name"] for w in exported.ir["weights"] if w.get("target")}


def directions_wire(exported: Any, plane: Plane) -> Dict[str, np.ndarray]:
    names = weight_names(exported)
    out: Dict[str, np.ndarray] = {}
    for k, direction in enumerate(plane.directions):
        for pname, d in direction.items():
            ir_name = names.get(pname)
            if ir_name is None:
                continue  # a parameter the traced graph never reads
            values = d.detach().cpu().numpy().astype(np.float32)
            if np.any(values):
                out[f"{k}|{ir_name}"] = values
    return out


def coordinates_wire(plane: Plane) -> Dict[str, np.ndarray]:
    out = {"xs": plane.xs.astype(np.float32)}
    if plane.ys is not None:
        out["ys"] = plane.ys.astype(np.float32)
    return out


__all__ = ["coordinates_wire", "directions_wire", "weight_names"]
