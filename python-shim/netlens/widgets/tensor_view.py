"""TensorView: a 1-D to 4-D tensor as an image, a heatmap or a grid of them, drawn in the browser.

Pipeline:
  1. validate (rank, dtype, dim_order, labels) before anything is sent
  2. encode Arrow (_arrow) and hand it to the Transport as payload "x" (labels as "labels")
  3. the browser decodes, computes statistics (TF.js) and draws (Vega-Lite); it reports
     `backend`, `stats`, `transfer` and `error` back through synced traits

Example:
    >>> w = TensorView(torch.randn(8, 3, 32, 32), labels=[f"img {i}" for i in range(8)])  # doctest: +SKIP
    >>> w.dim_order, w.shape                                                              # doctest: +SKIP
    ('NCHW', [8, 3, 32, 32])
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Callable, List, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Bool, Dict, Enum, Float, Int, List as ListTrait, TraitError, Unicode, observe, validate

from .. import _messages as msg
from .._arrow import KIND_TABLE, KIND_TENSOR, TensorInfo, ipc_to_tensor, shape_of, tensor_to_ipc
from .._protocol import MSG_REQUEST
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ._callbacks import Callbacks
from ._choices import CLIP_PERCENTILE_MAX, COLORMAPS, MODES, SCALES, THEMES
from ._dim_order import MAX_RANK, MIN_RANK, RGB_CHANNELS, allowed_dim_orders, dim_size, infer_dim_order
from ._labels import labels_payload, no_labels_payload

#: Payload names on the transport (docs/transport.md); the browser listens for the same names.
TENSOR_PAYLOAD = "x"
LABELS_PAYLOAD = "labels"
VIEW_PAYLOAD = "view"

#: Keywords of __init__ that are not (writable) traits.
_CONSTRUCTOR_KEYWORDS = ("dim_order", "labels", "float16", "verify_transfer")

ViewCallback = Callable[[np.ndarray], None]


@dataclass(frozen=True)
class _Prepared:
    """A validated, encoded tensor (and labels), ready to be sent."""

    payload: Any
    info: TensorInfo
    dim_order: str
    labels: Any


def _prepare(x: Any, dim_order: Optional[str], labels: Any, float16: bool) -> _Prepared:
    """Every check that can fail, cheapest first, before anything reaches the browser."""
    if shape_of(x) is None:
        try:
            x = np.asarray(x)  # lists: learn the shape; _arrow rejects what numpy cannot take
        except (ValueError, TypeError):
            pass
    shape = shape_of(x)
    if shape is not None:
        _check_shape(shape)
        dim_order = _check_dim_order(dim_order, shape)
        labels = None if labels is None else labels_payload(labels, shape, dim_order)
    payload, info = tensor_to_ipc(x, float16=float16, dim_names=None if dim_order is None else list(dim_order))
    return _Prepared(payload, info, dim_order, labels)


def _check_shape(shape: Sequence[int]) -> None:
    if not MIN_RANK <= len(shape) <= MAX_RANK:
        raise ValueError(msg.bad_rank(shape))
    if 0 in shape:
        raise ValueError(msg.empty_tensor(shape))


def _check_dim_order(dim_order: Optional[str], shape: Sequence[int]) -> str:
    if dim_order is None:
        return infer_dim_order(shape)
    allowed = allowed_dim_orders(len(shape))
    if dim_order not in allowed:
        raise TraitError(msg.bad_dim_order(dim_order, shape, allowed))
    return dim_order


class TensorView(DOMWidget):
    """Show a tensor (numpy, torch, nested list) as an image or heatmap grid.

    dim_order names the dimensions (N batch, C channels, H, W); it is inferred when omitted.
    labels name the grid's panels: one per item (4-D) or per channel (3-D). float16=True sends
    float16 tensors as float16; verify_transfer=True checks a CRC-32 of every payload.

    Example:
        >>> TensorView(np.random.rand(32, 32, 3))                      # doctest: +SKIP
        >>> TensorView(acts, dim_order="NCHW", channel=5, colormap="magma")  # doctest: +SKIP
    """

    _model_name = Unicode("TensorViewModel").tag(sync=True)
    _view_name = Unicode("TensorViewView").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    # --- the data (set from the tensor, read-only) ---
    shape = ListTrait(Int(), read_only=True, help="The tensor's shape.").tag(sync=True)
    dtype = Unicode("", read_only=True, help="The tensor's dtype before the wire cast, e.g. 'float64'.").tag(sync=True)
    dim_names = ListTrait(Unicode(), read_only=True, help="One letter per dimension: the letters of dim_order.").tag(
        sync=True
    )

    # --- how to show it ---
    dim_order = Unicode(
        "", help="Dimension letters: 'W'; 'HW'; 'CHW' or 'HWC'; 'NCHW' or 'NHWC'. Inferred when not given."
    ).tag(sync=True)
    batch_index = Int(0, help="Which item of N to show when channels are drawn as a grid.").tag(sync=True)
    channel = Int(-1, help="-1: every channel as a grid panel; otherwise the one channel to show.").tag(sync=True)
    mode = Enum(MODES, default_value="auto", help="auto, heatmap, or rgb (needs 3 or 4 channels).").tag(sync=True)
    colormap = Unicode("auto", help=f"Colour scheme: one of {', '.join(COLORMAPS)}.").tag(sync=True)
    scale = Enum(SCALES, default_value="auto", help="auto, sequential, or diverging (centred on 0).").tag(sync=True)
    symmetric = Bool(True, help="Diverging scales span [-m, m] with m = max(|lo|, |hi|).").tag(sync=True)
    clip_percentile = Float(
        0.0, help=f"Clip this percentile at each end before colouring, in [0, {CLIP_PERCENTILE_MAX}]."
    ).tag(sync=True)
    vmin = Float(None, allow_none=True, help="Lowest colour value; None: from the data.").tag(sync=True)
    vmax = Float(None, allow_none=True, help="Highest colour value; None: from the data.").tag(sync=True)
    columns = Int(0, help="Grid columns; 0: chosen from the panel count.").tag(sync=True)
    zoom = Float(1.0, help="Screen pixels per tensor element (a hint; > 0).").tag(sync=True)
    theme = Enum(THEMES, default_value="auto", help="auto follows JupyterLab; or light, dark.").tag(sync=True)
    title = Unicode("", help="Shown above the view.").tag(sync=True)

    # --- transfer options (fixed at creation) ---
    float16 = Bool(False, read_only=True, help="float16 tensors travel as float16 (half the bytes).").tag(sync=True)
    verify_transfer = Bool(False, read_only=True, help="Check a CRC-32 of every payload in the browser.").tag(
        sync=True
    )

    # --- read back from the browser ---
    backend = Unicode("", read_only=True, help="TF.js backend in use: webgpu, webgl, wasm or cpu.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    stats = Dict(
        read_only=True, help="Computed in the browser: min, max, mean, std, nan_count, inf_count, lo, hi, count."
    ).tag(sync=True)
    transfer = Dict(read_only=True, help="Last payload as the browser received it: state, nbytes, ms, crc32.").tag(
        sync=True
    )
    error = Unicode("", read_only=True, help="The browser's last error, empty when all is well.").tag(sync=True)

    def __init__(
        self,
        x: Any,
        *,
        dim_order: Optional[str] = None,
        labels: Any = None,
        float16: bool = False,
        verify_transfer: bool = False,
        **traits: Any,
    ) -> None:
        self._check_keywords(traits)
        prepared = _prepare(x, dim_order, labels, float16)
        # Data traits first, so the view traits below validate against this shape.
        self.set_trait("float16", bool(float16))
        self.set_trait("verify_transfer", bool(verify_transfer))
        self._set_data_traits(prepared)
        super().__init__(dim_order=prepared.dim_order, **traits)
        self.view_data: Optional[np.ndarray] = None
        self._view_callbacks = Callbacks()
        self._has_labels = False
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._transport.on_payload(VIEW_PAYLOAD, self._on_view_payload)
        self._send_payloads(prepared)

    # --- public API ---------------------------------------------------------------------------

    def set_data(self, x: Any, *, dim_order: Optional[str] = None, labels: Any = None) -> None:
        """Show another tensor. dim_order is inferred again unless given; labels are replaced
        (None: no labels). View settings that no longer fit the new shape return to defaults.

        Example:
            >>> w.set_data(next_batch, labels=names)  # doctest: +SKIP
        """
        prepared = _prepare(x, dim_order, labels, self.float16)
        with self.hold_sync(), self.hold_trait_notifications():
            self._set_data_traits(prepared)
            self.dim_order = prepared.dim_order
        self._send_payloads(prepared)

    def fetch_view(self) -> None:
        """Ask the browser for the panels it shows, as float32 [P, H, W] or [P, H, W, C].

        The answer arrives after the current cell finishes (the kernel reads comm messages
        between cells) in `view_data` and in callbacks registered with `on_view`.
        """
        self.send({"type": MSG_REQUEST, "what": VIEW_PAYLOAD})

    def on_view(self, callback: ViewCallback, *, remove: bool = False) -> None:
        """Call `callback(view_data)` whenever the browser answers `fetch_view`."""
        self._view_callbacks.register(callback, remove=remove)

    def close(self) -> None:
        """Free the payloads and results, then close the comm (the browser frees its side)."""
        transport = getattr(self, "_transport", None)
        if transport is not None:
            transport.close()
        self.view_data = None
        self._view_callbacks.clear()
        super().close()

    # --- internals --------------------------------------------------------------------------

    @classmethod
    def _valid_keywords(cls) -> List[str]:
        settable = {
            name
            for name, trait in cls.class_traits(sync=True).items()
            if not name.startswith("_") and not trait.read_only
        }
        return sorted(settable | set(_CONSTRUCTOR_KEYWORDS))

    @property
    def payload_crc32(self) -> Optional[int]:
        """CRC-32 of the tensor's Arrow payload as sent; the browser checks it (verify_transfer=True only)."""
        return self._transport.payload_crc32(TENSOR_PAYLOAD)

    @classmethod
    def _check_keywords(cls, traits: dict) -> None:
        if isinstance(traits.get("layout"), str):
            raise TypeError(msg.layout_is_css(traits["layout"]))
        valid = cls._valid_keywords()
        for name in traits:
            if name not in valid:
                raise TypeError(msg.unknown_keyword(cls.__name__, name, valid))

    def _set_data_traits(self, prepared: _Prepared) -> None:
        self.set_trait("shape", list(prepared.info.shape))
        self.set_trait("dtype", prepared.info.source_dtype)

    def _send_payloads(self, prepared: _Prepared) -> None:
        verify = self.verify_transfer
        self._transport.put(TENSOR_PAYLOAD, prepared.payload, KIND_TENSOR, verify=verify)
        if prepared.labels is not None:
            self._transport.put(LABELS_PAYLOAD, prepared.labels, KIND_TABLE, verify=verify)
        elif self._has_labels:
            self._transport.put(LABELS_PAYLOAD, no_labels_payload(), KIND_TABLE, verify=verify)
        self._has_labels = prepared.labels is not None

    def _size(self, letter: str) -> Optional[int]:
        return dim_size(self.shape, self.dim_order, letter)

    def _on_view_payload(self, kind: str, data: memoryview) -> None:
        if kind != KIND_TENSOR:
            self.log.warning(msg.not_a_payload(KIND_TENSOR, kind))
            return
        self.view_data = ipc_to_tensor(data)
        self._view_callbacks(self.view_data)

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)

    # --- keep view settings consistent with the data ------------------------------------------

    @observe("shape", "dim_order")
    def _fit_view_settings(self, change: Any) -> None:
        self.set_trait("dim_names", list(self.dim_order))
        if not 0 <= self.batch_index < (self._size("N") or 1):
            self.batch_index = 0
        if not self._channel_fits(self.channel):
            self.channel = -1
        if self.mode == "rgb" and self._size("C") not in RGB_CHANNELS:
            self.mode = "auto"

    def _channel_fits(self, value: int) -> bool:
        channels = self._size("C")
        return value == -1 or (channels is not None and 0 <= value < channels)

    # --- validation -------------------------------------------------------------------------

    @validate("dim_order")
    def _valid_dim_order(self, proposal: Any) -> str:
        value = proposal["value"]
        allowed = allowed_dim_orders(len(self.shape))
        if value not in allowed:
            raise TraitError(msg.bad_dim_order(value, self.shape, allowed))
        return value

    @validate("batch_index")
    def _valid_batch_index(self, proposal: Any) -> int:
        value, items = proposal["value"], self._size("N") or 1
        if not 0 <= value < items:
            raise TraitError(msg.out_of_range("batch_index", value, f"in [0, {items - 1}] (N = {items})"))
        return value

    @validate("channel")
    def _valid_channel(self, proposal: Any) -> int:
        value, channels = proposal["value"], self._size("C")
        if not self._channel_fits(value):
            valid = "-1 (the tensor has no C dimension)" if channels is None else (
                f"-1 (all channels as a grid) or in [0, {channels - 1}] (C = {channels})"
            )
            raise TraitError(msg.out_of_range("channel", value, valid))
        return value

    @validate("mode")
    def _valid_mode(self, proposal: Any) -> str:
        value, channels = proposal["value"], self._size("C")
        if value == "rgb" and channels not in RGB_CHANNELS:
            raise TraitError(msg.rgb_needs_channels(self.shape, self.dim_order, channels, RGB_CHANNELS))
        return value

    @validate("colormap")
    def _valid_colormap(self, proposal: Any) -> str:
        if proposal["value"] not in COLORMAPS:
            raise TraitError(msg.bad_choice("colormap", proposal["value"], COLORMAPS))
        return proposal["value"]

    @validate("clip_percentile")
    def _valid_clip_percentile(self, proposal: Any) -> float:
        value = proposal["value"]
        if not 0.0 <= value <= CLIP_PERCENTILE_MAX:
            raise TraitError(msg.out_of_range("clip_percentile", value, f"in [0, {CLIP_PERCENTILE_MAX}]"))
        return value

    @validate("vmin", "vmax")
    def _valid_limit(self, proposal: Any) -> Optional[float]:
        value = proposal["value"]
        if value is not None and not math.isfinite(value):
            raise TraitError(msg.out_of_range(proposal["trait"].name, value, "a finite number or None"))
        return value

    @validate("columns")
    def _valid_columns(self, proposal: Any) -> int:
        if proposal["value"] < 0:
            raise TraitError(msg.out_of_range("columns", proposal["value"], "0 (automatic) or a positive int"))
        return proposal["value"]

    @validate("zoom")
    def _valid_zoom(self, proposal: Any) -> float:
        value = proposal["value"]
        if not (math.isfinite(value) and value > 0):
            raise TraitError(msg.out_of_range("zoom", value, "a finite number > 0"))
        return value
