"""The bridge's exceptions; their texts live in `_messages.py`.

Example:
    >>> issubclass(UnsupportedOpError, BridgeError), issubclass(InputMismatchError, ValueError)
    (True, True)
"""
from __future__ import annotations

from typing import List


class BridgeError(Exception):
    """Base class of every error the model bridge raises on purpose."""


class UnsupportedOpError(BridgeError, NotImplementedError):
    """The model uses ops outside the IR op set; `items` lists each as `aten.<op> at <path> (<type>)`."""

    def __init__(self, message: str, items: List[str]):
        super().__init__(message)
        self.items = list(items)


class ExportError(BridgeError, RuntimeError):
    """torch.export could not capture the model (data-dependent control flow, untraceable code)."""


class InputMismatchError(BridgeError, ValueError):
    """Inputs do not fit what the model was exported for (count, rank, fixed dims, dtype)."""


class UnknownTapError(BridgeError, KeyError):
    """A tap names no node, input or module; the message lists close matches."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""
