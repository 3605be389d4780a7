"""The model bridge: a PyTorch module → a JSON op graph plus weights the browser compiles (docs/ir.md).

Pipeline:
  1. capture   (_capture.py)   torch.export in eval mode, dynamic batch when the model allows it
  2. translate (_translate.py) every aten node → IR node(s) via the translator table (ops/)
  3. package   (model.py)      ExportedModel: .ir, .weights, .weights_ipc(), .program, .notes
The kernel path (kernel.py) runs the same model with PyTorch, with the browser's method API.

Example:
    >>> import torch, netlens
    >>> model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3), torch.nn.ReLU(), torch.nn.Flatten()).eval()
    >>> m = netlens.export(model, torch.randn(2, 3, 8, 8))
    >>> [n["op"] for n in m.ir["nodes"]]
    ['conv2d', 'relu', 'flatten']
    >>> m.ir["modules"]["0"]["outputs"], m.ir["nodes"][0]["shape"]
    (['conv2d'], ['batch', 4, 6, 6])
"""
from __future__ import annotations

from typing import Any

from . import _messages as msg
from .errors import BridgeError, ExportError, InputMismatchError, UnknownTapError, UnsupportedOpError
from .model import WEIGHTS_DTYPES, ExportedModel, check_float16

__all__ = ["export", "ExportedModel", "KernelModel", "BridgeError", "ExportError", "InputMismatchError",
           "UnknownTapError", "UnsupportedOpError"]


def export(model: Any, example_inputs: Any, *, dynamic_batch: bool = True,
           weights_dtype: str = "float32") -> ExportedModel:
    """Capture `model` for the browser: an IR op graph (docs/ir.md) plus its weights.

    example_inputs: a tensor or a tuple of tensors (numpy arrays are converted) that `model`
    takes. dynamic_batch: export dim 0 of the inputs as the symbol "batch" (falls back to fixed
    shapes, with a note, when the model fixes its batch size). weights_dtype: "float32", or
    "float16" to halve the weights payload (relative error ≤ 2**-11 per weight).

    A model in training mode is exported in eval mode (with a warning and a note) and left in
    training mode. Raises UnsupportedOpError listing every op outside the IR op set, and
    ExportError when torch.export cannot capture the forward (e.g. `if x.sum() > 0:`); either way
    `compute="kernel"` runs the model with PyTorch instead.

    Example:
        >>> import torch, netlens
        >>> m = netlens.export(torch.nn.Linear(8, 2).eval(), torch.randn(4, 8))
        >>> m
        ExportedModel(Linear: input[batch,8] → 1 output, 1 nodes, 18 parameters, dynamic batch)
    """
    # torch is imported here, not with netlens: it takes seconds and the widgets do not need it.
    import torch
    from torch.export.graph_signature import InputKind

    from ._capture import capture
    from ._translate import translate

    if not isinstance(model, torch.nn.Module):
        raise TypeError(msg.not_a_module(type(model).__name__))
    if weights_dtype not in WEIGHTS_DTYPES:
        raise ValueError(msg.bad_weights_dtype(weights_dtype, WEIGHTS_DTYPES))
    cap = capture(model, example_inputs, dynamic_batch)
    ir, weights = translate(cap.program, type(model).__name__)
    if weights_dtype == "float16":
        check_float16(ir["weights"], weights)
    parameters = [s.arg.name for s in cap.program.graph_signature.input_specs if s.kind == InputKind.PARAMETER]
    return ExportedModel(ir, weights, cap.program, cap.notes, weights_dtype, parameters)


def __getattr__(name: str) -> Any:
    # KernelModel needs torch; importing it lazily keeps `import netlens` fast.
    if name == "KernelModel":
        from .kernel import KernelModel

        return KernelModel
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
