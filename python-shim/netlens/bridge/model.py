"""`ExportedModel`: what `netlens.export` returns — the IR document, its weights, the torch program.

Example:
    >>> import torch, netlens
    >>> m = netlens.export(torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.ReLU()).eval(), torch.randn(2, 4))
    >>> m.input_names, m.output_names, m.num_parameters
    (['input'], ['relu'], 15)
    >>> m.ir["inputs"][0]["shape"]
    ['batch', 4]
    >>> m.check_inputs(torch.randn(5, 4))
"""
from __future__ import annotations

import json
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from .. import _arrow
from . import _messages as msg
from .errors import InputMismatchError

#: Wire dtypes `weights_dtype` may name (docs/ir.md §4).
WEIGHTS_DTYPES = ("float32", "float16")

#: numpy dtype kind → IR dtype family.
_KIND_FAMILY = {"f": "float32", "i": "int32", "u": "int32", "b": "bool"}


class ExportedModel:
    """A model captured for the browser (docs/ir.md).

    ir: the IR document (a JSON-able dict); weights: {weight name: numpy array} (float32, int32 or
    bool); program: the torch.export ExportedProgram it was translated from; notes: what the
    exporter did on the user's behalf (eval mode, a static batch, ...).
    """

    def __init__(self, ir: dict, weights: Dict[str, np.ndarray], program: Any, notes: List[str],
                 weights_dtype: str = "float32", parameter_names: Sequence[str] = ()):
        self.ir = ir
        self.weights = weights
        self.program = program
        self.notes = list(notes)
        self.weights_dtype = weights_dtype
        self._parameters = set(parameter_names)

    # --- the document ---------------------------------------------------------------------

    def ir_json(self, indent: Optional[int] = None) -> str:
        """The IR as a JSON string (non-finite numbers are already spelled {"float": ...})."""
        return json.dumps(self.ir, allow_nan=False, indent=indent)

    def weights_ipc(self, float16: Optional[bool] = None) -> Any:
        """The weights payload (docs/ir.md §4) as one Arrow IPC stream (a pyarrow Buffer).

        float16=None follows `weights_dtype` given to export; True sends float weights as float16
        (values beyond ±65504 are refused).

        Example:
            >>> import torch, netlens
            >>> m = netlens.export(torch.nn.Linear(4, 3).eval(), torch.randn(2, 4))
            >>> sorted(netlens._arrow.ipc_to_tensors(m.weights_ipc()))
            ['p_bias', 'p_weight']
        """
        if float16 is None:
            float16 = self.weights_dtype == "float16"
        if float16:
            check_float16(self.ir["weights"], self.weights)
        buffer, _ = _arrow.tensors_to_ipc(self.weights, float16=bool(float16))
        return buffer

    # --- summaries ------------------------------------------------------------------------

    @property
    def input_names(self) -> List[str]:
        return [v["name"] for v in self.ir["inputs"]]

    @property
    def output_names(self) -> List[str]:
        return list(self.ir["outputs"])

    @property
    def num_parameters(self) -> int:
        """Elements of the parameters the graph reads (tied parameters counted once)."""
        return int(sum(self.weights[n].size for n in self._parameters if n in self.weights))

    def nodes_by_module(self) -> Dict[str, List[str]]:
        """{module path: names of the nodes its forward made directly}, in graph order ("" = root)."""
        out: Dict[str, List[str]] = {}
        for node in self.ir["nodes"]:
            out.setdefault(node["module"], []).append(node["name"])
        return out

    def __repr__(self) -> str:
        ins = ", ".join(f"{v['name']}[{','.join(str(d) for d in v['shape'])}]" for v in self.ir["inputs"])
        batch = "dynamic batch" if self.ir["symbols"] else "fixed shapes"
        return (f"ExportedModel({self.ir['producer'].get('model', '?')}: {ins} → {len(self.ir['outputs'])} "
                f"output{'' if len(self.ir['outputs']) == 1 else 's'}, {len(self.ir['nodes'])} nodes, "
                f"{self.num_parameters:,} parameters, {batch})")

    # --- inputs ---------------------------------------------------------------------------

    def check_inputs(self, *inputs: Any) -> None:
        """Raise InputMismatchError unless the inputs fit the export: count, rank, fixed dims,
        symbols consistent and in range, dtype family (float / int / bool)."""
        specs = self.ir["inputs"]
        if len(inputs) != len(specs):
            raise InputMismatchError(msg.input_count(self.input_names, len(inputs)))
        bound: Dict[str, int] = {}
        for spec, x in zip(specs, inputs):
            self._check_one(spec, x, bound)

    def _check_one(self, spec: dict, x: Any, bound: Dict[str, int]) -> None:
        name, want = spec["name"], spec["shape"]
        got = _arrow.shape_of(x)
        if got is None:
            got = tuple(np.shape(x))
        if len(got) != len(want):
            raise InputMismatchError(msg.input_rank(name, want, got))
        for w, g in zip(want, got):
            if isinstance(w, int):
                if w != g:
                    raise InputMismatchError(msg.input_shape(name, want, got))
            elif w in self.ir["symbols"]:
                self._bind(name, w, g, bound)
        family = _family(x)
        if family is not None and family != spec["dtype"]:
            raise InputMismatchError(msg.input_dtype(name, spec["dtype"], _dtype_name(x)))

    def _bind(self, name: str, symbol: str, size: int, bound: Dict[str, int]) -> None:
        if symbol in bound and bound[symbol] != size:
            raise InputMismatchError(msg.input_symbol(name, symbol, size, bound[symbol]))
        info = self.ir["symbols"][symbol]
        lo, hi = info.get("min"), info.get("max")
        if (lo is not None and size < lo) or (hi is not None and size > hi):
            raise InputMismatchError(msg.input_symbol_range(name, symbol, size, lo, hi))
        bound[symbol] = size


def _dtype_name(x: Any) -> str:
    return str(getattr(x, "dtype", type(x).__name__)).replace("torch.", "")


def _family(x: Any) -> Optional[str]:
    dtype = getattr(x, "dtype", None)
    if dtype is None:
        return None
    if hasattr(dtype, "is_floating_point"):  # torch.dtype
        if dtype.is_floating_point:
            return "float32"
        return "bool" if str(dtype) == "torch.bool" else ("int32" if not dtype.is_complex else None)
    return _KIND_FAMILY.get(np.dtype(dtype).kind)


def check_float16(described: List[dict], weights: Dict[str, np.ndarray]) -> None:
    """ValueError naming the PyTorch weight when a float weight does not fit float16."""
    for spec in described:
        array = weights[spec["name"]]
        if array.dtype.kind != "f" or array.size == 0:
            continue
        finite = np.abs(array[np.isfinite(array)])
        if finite.size and float(finite.max()) > _arrow.FLOAT16_MAX:
            raise ValueError(msg.weight_float16_overflow(spec["target"], float(finite.max()), _arrow.FLOAT16_MAX))
