"""How a widget that takes a model gets it computed: in the browser (exported IR + weights over
the transport) or in the kernel (PyTorch), chosen automatically with an override.

Choice for compute="auto" (documented in the README, "Where a model runs"):
  1. export with netlens.export; an UnsupportedOpError or ExportError → kernel, with the reason;
  2. weights over BROWSER_WEIGHT_LIMIT bytes → kernel (browsers cap GPU buffers and tab memory);
  3. otherwise the browser.
compute="browser" raises what step 1 or 2 found instead of falling back; compute="kernel" never
exports.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, List, Optional, Sequence, Tuple

from .._arrow import KIND_TENSORS

#: Weights above this many bytes run in the kernel on compute="auto": WebGPU's default
#: maxBufferSize is 256 MiB per buffer and a tab gets a few GiB in all; activations and
#: gradients need room too.
BROWSER_WEIGHT_LIMIT = 512 * 2**20

#: Payload names on the transport (docs/transport.md); the browser listens for the same names.
WEIGHTS_PAYLOAD = "weights"
INPUTS_PAYLOAD = "inputs"
RESULT_PAYLOAD = "result"

COMPUTE_CHOICES = ("auto", "browser", "kernel")


@dataclass
class Placement:
    """Where the model runs and why; `exported` is None on the kernel path."""

    compute: str
    reason: str
    exported: Any = None
    error: Optional[BaseException] = None
    notes: List[str] = field(default_factory=list)


def as_input_tuple(example_inputs: Any) -> Tuple[Any, ...]:
    """A model's positional inputs as a tuple (a single tensor becomes a 1-tuple)."""
    if isinstance(example_inputs, tuple):
        return example_inputs
    if isinstance(example_inputs, list):
        return tuple(example_inputs)
    return (example_inputs,)


def place(model: Any, example_inputs: Sequence[Any], compute: str, weights_dtype: str) -> Placement:
    """Decide browser or kernel per the module docstring; export when the browser may be used."""
    from ..bridge import ExportError, UnsupportedOpError, export

    if compute not in COMPUTE_CHOICES:
        raise ValueError(f"compute must be one of {', '.join(map(repr, COMPUTE_CHOICES))}, not {compute!r}")
    if compute == "kernel":
        return Placement("kernel", "compute='kernel' was asked for")
    try:
        exported = export(model, tuple(example_inputs), weights_dtype=weights_dtype)
    except (UnsupportedOpError, ExportError) as e:
        if compute == "browser":
            raise
        return Placement("kernel", f"the model cannot run in the browser: {e}", error=e)
    nbytes = sum(int(w.nbytes) for w in exported.weights.values())
    if weights_dtype == "float16":
        nbytes //= 2
    if nbytes > BROWSER_WEIGHT_LIMIT:
        reason = (f"weights are {nbytes / 2**20:.0f} MiB, over the browser limit of "
                  f"{BROWSER_WEIGHT_LIMIT / 2**20:.0f} MiB; pass compute='browser' to try anyway")
        if compute == "auto":
            return Placement("kernel", reason, notes=list(exported.notes))
    why = "compute='browser' was asked for" if compute == "browser" else "the model exported and fits the browser"
    return Placement("browser", why, exported=exported, notes=list(exported.notes))


__all__ = [
    "BROWSER_WEIGHT_LIMIT",
    "COMPUTE_CHOICES",
    "INPUTS_PAYLOAD",
    "KIND_TENSORS",
    "Placement",
    "RESULT_PAYLOAD",
    "WEIGHTS_PAYLOAD",
    "as_input_tuple",
    "place",
]
