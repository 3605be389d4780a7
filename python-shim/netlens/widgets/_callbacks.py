"""Callbacks a user registers on a widget (`on_view`, `on_result`): each once, removable, called in order.

Example:
    >>> seen = []
    >>> cbs = Callbacks()
    >>> cbs.register(seen.append); cbs.register(seen.append)
    >>> cbs(1); seen
    [1]
    >>> cbs.register(seen.append, remove=True); cbs(2); seen
    [1]
"""
from __future__ import annotations

from typing import Any, Callable, List


class Callbacks:
    """An ordered set of callables."""

    def __init__(self) -> None:
        self._items: List[Callable[..., Any]] = []

    def register(self, callback: Callable[..., Any], *, remove: bool = False) -> None:
        """Add `callback` (once), or drop it with remove=True."""
        if remove:
            if callback in self._items:
                self._items.remove(callback)
        elif callback not in self._items:
            self._items.append(callback)

    def clear(self) -> None:
        self._items = []

    def __call__(self, *args: Any) -> None:
        for callback in list(self._items):
            callback(*args)


class ResultsWidget:
    """What widgets that compute results share: `on_result` callbacks, and freeing the transport
    and callbacks when closed. Mixed into ipywidgets DOMWidget subclasses that set `_callbacks`
    (Callbacks) and `_transport` in __init__."""

    def on_result(self, callback: Callable[..., Any], *, remove: bool = False) -> None:
        """Call `callback(result)` with every result that arrives (add once; remove=True drops it)."""
        self._callbacks.register(callback, remove=remove)

    def _release(self) -> None:
        """Close the transport (stored payloads are dropped) and forget the callbacks; safe on a
        widget whose __init__ failed halfway."""
        transport = getattr(self, "_transport", None)
        if transport is not None:
            transport.close()
        callbacks = getattr(self, "_callbacks", None)
        if callbacks is not None:
            callbacks.clear()
