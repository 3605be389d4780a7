"""HiddenStateView: an RNN's hidden states over a token sequence or corpus, LSTMVis-style.

Pipeline:
  1. the states [T, D] (and tokens, annotation tracks) stay in the kernel: a 1M-token corpus is
     gigabytes; only the window on screen travels (payload `window:<start>`, Arrow, chunked);
  2. the browser draws each unit's activation over the window (Vega-Lite lines), the tokens and
     annotation tracks under it (text), and a heatmap of the selected units; brushing a token
     range sets `selection`;
  3. the kernel answers a selection with the units on across it (`selected_units`, netlens.hidden.
     select_units) and the ranked ranges where the same units are on elsewhere (`matches`,
     netlens.hidden.match); clicking a match moves the window there.

Example:
    >>> out, _ = lstm(embed(ids))                                           # doctest: +SKIP
    >>> w = HiddenStateView(out[0], tokens, annotations={"pos": tags})       # doctest: +SKIP
    >>> w.selection = [40, 45]; w.matches[:2]                                # doctest: +SKIP
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Dict as DictTrait, Float, Int, List as ListTrait, TraitError, Unicode, observe, validate

from .. import _messages as base_msg
from .._arrow import KIND_TENSORS, tensors_to_ipc
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ..hidden import match, select_units

#: Steps per window the browser draws at once (lines for every unit stay interactive in Vega).
MAX_WINDOW = 1000
_KEYWORDS = ("annotations", "model", "inputs", "module", "batch_index")
_TRAITS = ("start", "window", "threshold", "selection", "min_units", "units_shown", "title")


class HiddenStateView(DOMWidget):
    """Hidden (or cell) states [steps, units] over tokens: lines per unit, select a range and a
    threshold to pick the units on across it, match the corpus for other ranges where they are on.

    Parameters
    ----------
    states: [T, D] (numpy or torch); or leave it out and pass model=, inputs= and module= (the
        module path of an nn.LSTM/nn.GRU or any module whose output is [batch, T, D] or a tuple
        starting with it) to record it in the kernel.
    tokens: T strings (rendered as text). annotations: {track name: T labels} (e.g. part of speech).
    """

    _model_name = Unicode("HiddenStateViewModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("HiddenStateViewView").tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    shape = ListTrait(Int(), read_only=True, help="[steps, units] of the whole corpus.").tag(sync=True)
    value_range = ListTrait(Float(), read_only=True, help="[min, max] over the corpus (a fixed y scale).").tag(sync=True)
    tracks = ListTrait(Unicode(), read_only=True, help="Names of the annotation tracks.").tag(sync=True)
    start = Int(0, help="First step of the window shown.").tag(sync=True)
    window = Int(120, help=f"Steps shown at once (1 … {MAX_WINDOW}).").tag(sync=True)
    window_tokens = ListTrait(Unicode(), read_only=True, help="Tokens of the window (text).").tag(sync=True)
    window_tracks = DictTrait(read_only=True, help="{track: labels} of the window.").tag(sync=True)
    window_id = Int(0, read_only=True, help="Which window payload the browser should draw.").tag(sync=True)
    threshold = Float(0.3, help="A unit is on at a step when its value is ≥ threshold.").tag(sync=True)
    selection = ListTrait(Int(), help="[first, last + 1] of the selected steps; empty: none.").tag(sync=True)
    min_units = Int(0, help="Match: how many of the selected units must be on (0: all).").tag(sync=True)
    selected_units = ListTrait(Int(), read_only=True, help="Units on across the selection.").tag(sync=True)
    matches = ListTrait(DictTrait(), read_only=True, help="Ranked {start, end, units_on} ranges where the selected units are on.").tag(sync=True)
    units_shown = ListTrait(Int(), help="Units drawn as lines; empty: all (up to 256) or the selected ones.").tag(sync=True)
    title = Unicode("", help="Shown above the view.").tag(sync=True)
    backend = Unicode("", read_only=True, help="TF.js backend in the browser.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    error = Unicode("", read_only=True, help="The last error, empty when all is well.").tag(sync=True)

    def __init__(self, states: Any = None, tokens: Optional[Sequence[Any]] = None, **kwargs: Any) -> None:
        for name in kwargs:
            if name not in _KEYWORDS + _TRAITS:
                raise TypeError(base_msg.unknown_keyword(type(self).__name__, name, ("states", "tokens") + _KEYWORDS + _TRAITS))
        options = {k: kwargs.pop(k) for k in _KEYWORDS if k in kwargs}
        if states is None:
            states = record_states(options.get("model"), options.get("inputs"), options.get("module"), int(options.get("batch_index", 0)))
        self._states = _as_states(states)
        t, d = self._states.shape
        if tokens is None:
            raise TypeError("HiddenStateView needs tokens= (one string per step).")
        self._tokens = [str(x) for x in tokens]
        if len(self._tokens) != t:
            raise ValueError(f"tokens: {len(self._tokens)} tokens, but the states have {t} steps.")
        self._tracks: Dict[str, List[str]] = {}
        for name, labels in (options.get("annotations") or {}).items():
            labels = [str(x) for x in labels]
            if len(labels) != t:
                raise ValueError(f"annotations[{name!r}]: {len(labels)} labels for {t} steps.")
            self._tracks[str(name)] = labels
        self.set_trait("shape", [t, d])
        self.set_trait("value_range", [float(self._states.min()), float(self._states.max())])
        self.set_trait("tracks", list(self._tracks))
        super().__init__(**kwargs)
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._send_window()
        if self.selection:
            self._update_selection()

    def close(self) -> None:
        transport = getattr(self, "_transport", None)
        if transport is not None:
            transport.close()
        super().close()

    @property
    def states(self) -> np.ndarray:
        """The whole [steps, units] array (kernel memory)."""
        return self._states

    # --- validation ---------------------------------------------------------------------------

    @validate("window")
    def _valid_window(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if not 1 <= value <= MAX_WINDOW:
            raise TraitError(f"window={value} must lie in 1 … {MAX_WINDOW}.")
        return value

    @validate("start")
    def _valid_start(self, proposal: Any) -> int:
        t = self.shape[0] if self.shape else 1
        return int(min(max(0, int(proposal["value"])), max(0, t - 1)))

    @validate("selection")
    def _valid_selection(self, proposal: Any) -> list:
        value = [int(v) for v in proposal["value"]]
        if not value:
            return value
        t = self.shape[0]
        if len(value) != 2 or not 0 <= value[0] < value[1] <= t:
            raise TraitError(f"selection={value} must be [first, last + 1] inside 0 … {t}.")
        return value

    @validate("min_units")
    def _valid_min_units(self, proposal: Any) -> int:
        value = int(proposal["value"])
        if value < 0:
            raise TraitError("min_units must be ≥ 0 (0: all selected units).")
        return value

    @validate("units_shown")
    def _valid_units(self, proposal: Any) -> list:
        d = self.shape[1]
        bad = [u for u in proposal["value"] if not 0 <= int(u) < d]
        if bad:
            raise TraitError(f"units_shown: {bad} out of range (0 … {d - 1}).")
        return sorted({int(u) for u in proposal["value"]})

    # --- kernel work --------------------------------------------------------------------------

    @observe("start", "window")
    def _on_window(self, change: Any) -> None:
        if getattr(self, "_transport", None) is not None:
            self._send_window()

    @observe("selection", "threshold", "min_units")
    def _on_selection(self, change: Any) -> None:
        if getattr(self, "_transport", None) is not None:
            self._update_selection()

    def _send_window(self) -> None:
        a, b = self.start, min(self.start + self.window, self.shape[0])
        with self.hold_sync():
            self.set_trait("window_tokens", self._tokens[a:b])
            self.set_trait("window_tracks", {k: v[a:b] for k, v in self._tracks.items()})
            self.set_trait("window_id", self.window_id + 1)
        payload = tensors_to_ipc({"states": np.ascontiguousarray(self._states[a:b], dtype=np.float32),
                                  "start": np.array([a], dtype=np.int32)})[0]
        self._transport.put(f"window:{self.window_id}", payload, KIND_TENSORS)
        self._transport.discard(f"window:{self.window_id - 1}")

    def _update_selection(self) -> None:
        if not self.selection:
            self.set_trait("selected_units", [])
            self.set_trait("matches", [])
            return
        a, b = self.selection
        units = select_units(self._states, a, b, self.threshold)
        need = min(self.min_units, len(units)) or None
        found = match(self._states, units, self.threshold, min_units=need, length=b - a, exclude=(a, b)) if units else []
        with self.hold_sync():
            self.set_trait("selected_units", units)
            self.set_trait("matches", [{"start": m.start, "end": m.end, "units_on": m.units_on,
                                        "text": " ".join(self._tokens[m.start:min(m.end, m.start + 12)])} for m in found])

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)


def _as_states(x: Any) -> np.ndarray:
    a = x.detach().cpu().float().numpy() if hasattr(x, "detach") else np.asarray(x)
    if a.ndim != 2:
        raise ValueError(f"states: expected [steps, units], got shape {a.shape} (pick one sequence of a batch).")
    if not np.issubdtype(a.dtype, np.number):
        raise ValueError(f"states: expected numbers, got dtype {a.dtype}.")
    a = a.astype(np.float32, copy=False)
    bad = ~np.isfinite(a)
    if bad.any():
        raise ValueError(f"states: {int(bad.sum())} value(s) are NaN or infinite.")
    return a


def record_states(model: Any, inputs: Any, module: Optional[str], batch_index: int = 0) -> np.ndarray:
    """The output of `module` (a module path of `model`) on `inputs`, item `batch_index`, as [T, D]."""
    if model is None or inputs is None or module is None:
        raise TypeError("HiddenStateView needs states=, or model=, inputs= and module= (e.g. module='lstm').")
    import torch

    modules = dict(model.named_modules())
    if module not in modules:
        names = [n for n, m in modules.items() if isinstance(m, (torch.nn.LSTM, torch.nn.GRU, torch.nn.RNN))]
        raise ValueError(f"module={module!r} is not a module of {type(model).__name__}; recurrent modules: {names or 'none'}.")
    seen: List[Any] = []
    handle = modules[module].register_forward_hook(lambda m, a, out: seen.append(out[0] if isinstance(out, tuple) else out))
    try:
        with torch.no_grad():
            model.eval()(*(inputs if isinstance(inputs, tuple) else (inputs,)))
    finally:
        handle.remove()
    out = seen[0]
    rnn = modules[module]
    if isinstance(rnn, torch.nn.RNNBase) and not rnn.batch_first:
        out = out.transpose(0, 1)
    return out[batch_index]
