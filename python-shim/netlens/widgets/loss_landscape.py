"""LossLandscape: 1-D and 2-D slices of a model's loss through parameter space, computed in the
browser, in the kernel, or on a Dask cluster, drawn as a line, a contour map or a 3-D surface.

Pipeline:
  1. check the data against each model (a forward pass on one example), the mode's points, and
     the grid (netlens.landscape);
  2. place each model (widgets/_model_link.py): the browser when the model exports and the grid
     fits the browser's budget (BROWSER_WORK_LIMIT), else the kernel (PyTorch); compute="dask"
     spreads grid rows over a dask.distributed Client;
  3. the plane (directions, normalized in Python) goes to the browser as Arrow; the browser
     evaluates the grid coarse to fine and sends it back (`grid`); kernel and Dask rows stream
     into the same view as they finish;
  4. changing range or resolution recomputes on the same directions; seed, normalization or
     ignore draw new directions.

Example:
    >>> w = LossLandscape(model, x, y, resolution=31)      # doctest: +SKIP
    >>> w.grid["loss"].shape                                # doctest: +SKIP
    (31, 31)
"""
from __future__ import annotations

import threading
from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Bool, Dict as DictTrait, Enum, Float, Int, List as ListTrait, TraitError, Unicode, observe, validate

from .. import _messages as base_msg
from .._arrow import KIND_TENSORS, ipc_to_tensors, tensors_to_ipc
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ..landscape import _messages as msg
from ..landscape._directions import IGNORES, NORMALIZATIONS
from ..landscape._evaluate import LOSSES, check_data, evaluate
from ..landscape._plane import MAX_RESOLUTION, Plane, axis, interpolation, plane_through, random_line, random_plane, trajectory
from ..landscape._wire import directions_wire
from ._callbacks import Callbacks, ResultsWidget
from ._model_link import as_input_tuple, place
from .attribution import _check_inputs, _models, _np

MODES = ("random_plane", "random_line", "interpolation", "plane", "trajectory")
VIEWS = ("auto", "line", "contour", "surface")
COMPUTES = ("auto", "browser", "kernel", "dask")
#: Payload and message names (src/widgets/landscape/model.ts uses the same).
DATA_PAYLOAD = "data"
RESULTS_PAYLOAD = "results"
MSG_ROWS = "nl:rows"
MSG_CANCEL = "nl:cancel"
#: The browser's budget: grid points × examples × parameters (≈ multiply-adds of the forward
#: passes). Beyond it compute="auto" picks the kernel: a tab on a laptop GPU does ~1e11 in tens
#: of seconds; SwiftShader/CPU backends are ~100× slower.
BROWSER_WORK_LIMIT = 1e11
DEFAULT_RANGES = {"random_plane": (-1.0, 1.0), "random_line": (-1.0, 1.0), "interpolation": (-0.5, 1.5),
                  "plane": (-0.25, 1.25)}
DEFAULT_RESOLUTION = {"random_line": 51, "interpolation": 51}


class LossLandscape(ResultsWidget, DOMWidget):
    """The loss of one or more models on a batch, along one or two directions in parameter space.

    Parameters
    ----------
    model: a torch.nn.Module, or a list (or dict name → module) to compare side by side on one
        colour scale (e.g. with and without skip connections); random modes only for several.
    data: the model's inputs (a tensor, or a tuple for several inputs); targets: labels
        (cross_entropy) or target values (mse), one per example; not needed for loss="model".
    mode: "random_plane" (default), "random_line", "interpolation" (needs end=), "plane" (needs
        points=(m1, m2): the plane through model, m1, m2), "trajectory" (needs checkpoints=[...]:
        PCA directions of the path, drawn on the plane).
    loss: "cross_entropy", "mse", or "model" (the model's output is its loss).
    normalization, ignore, seed: how random directions are drawn (Li et al.: "filter", "biasbn").
    range, resolution: the coordinates along each direction.
    compute: "auto", "browser", "kernel" (PyTorch here) or "dask" (rows as tasks on client=).
    """

    _model_name = Unicode("LossLandscapeModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("LossLandscapeView").tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    models = ListTrait(read_only=True, help="Per model: name, where it runs and why, its IR (browser models).").tag(sync=True)
    mode = Enum(MODES, default_value="random_plane", read_only=True, help="How the plane was chosen.").tag(sync=True)
    loss = Enum(LOSSES, default_value="cross_entropy", read_only=True, help="The loss evaluated at each point.").tag(sync=True)
    normalization = Enum(NORMALIZATIONS, default_value="filter", help="Random directions: filter (Li et al.), layer, model or none.").tag(sync=True)
    ignore = Enum(IGNORES, default_value="biasbn", help="Random directions: zero biases and norm-layer parameters (biasbn) or not (none).").tag(sync=True)
    seed = Int(0, help="Random directions: the seed (a new seed draws new directions).").tag(sync=True)
    range = ListTrait(Float(), help="[lo, hi] along each direction.").tag(sync=True)
    resolution = Int(21, help="Points per direction (2 to 256).").tag(sync=True)
    xs = ListTrait(Float(), read_only=True, help="Coordinates along the first direction.").tag(sync=True)
    ys = ListTrait(Float(), read_only=True, help="Coordinates along the second direction (empty for a line).").tag(sync=True)
    plane = DictTrait(read_only=True, help="{id, dims, anchors, path, explained, axis_titles} of the current plane.").tag(sync=True)
    view = Enum(VIEWS, default_value="auto", help="line (1-D), contour or surface (2-D); auto picks by dimension.").tag(sync=True)
    log_scale = Bool(False, help="Colour and height on a log scale.").tag(sync=True)
    show_accuracy = Bool(False, help="2-D views: the accuracy surface beside each loss surface (cross_entropy).").tag(sync=True)
    azimuth = Float(35.0, help="Surface view: rotation around the vertical axis, degrees.").tag(sync=True)
    elevation = Float(35.0, help="Surface view: angle above the plane, degrees.").tag(sync=True)
    batch_size = Int(64, help="Examples per forward pass (browser and kernel).").tag(sync=True)
    title = Unicode("", help="Shown above the view.").tag(sync=True)

    backend = Unicode("", read_only=True, help="TF.js backend in the browser.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    status = Unicode("", read_only=True, help="computing, done, cancelled, failed.").tag(sync=True)
    progress = DictTrait(read_only=True, help="{done, total, what} of the running job.").tag(sync=True)
    nan_points = Int(0, read_only=True, help="Grid points whose loss is NaN/Inf (drawn as gaps).").tag(sync=True)
    timings = DictTrait(read_only=True, help="Browser timings in ms.").tag(sync=True)
    error = Unicode("", read_only=True, help="The last error (browser or kernel), empty when all is well.").tag(sync=True)

    def __init__(self, model: Any, data: Any, targets: Any = None, *, mode: str = "random_plane",
                 loss: str = "cross_entropy", end: Any = None, points: Optional[Sequence[Any]] = None,
                 checkpoints: Optional[Sequence[Any]] = None, compute: str = "auto", client: Any = None,
                 names: Optional[Sequence[str]] = None, **kwargs: Any) -> None:
        valid = {"normalization", "ignore", "seed", "range", "resolution", "view", "log_scale", "show_accuracy", "azimuth", "elevation",
                 "batch_size", "title", "layout"}
        for name in kwargs:
            if name not in valid:
                raise TypeError(base_msg.unknown_keyword(type(self).__name__, name, sorted(valid | {
                    "targets", "mode", "loss", "end", "points", "checkpoints", "compute", "client", "names"})))
        if mode not in MODES:
            raise ValueError(msg.bad_choice("mode", mode, MODES))
        if compute not in COMPUTES:
            raise ValueError(msg.bad_choice("compute", compute, COMPUTES))
        if compute == "dask" and client is None:
            raise ValueError(msg.dask_client_needed())
        self._inputs = as_input_tuple(data)
        for x in self._inputs:
            a = _np(x)
            if np.issubdtype(a.dtype, np.floating) and not np.isfinite(a).all():
                raise ValueError(msg.not_finite("data", int((~np.isfinite(a)).sum())))
        self._n = _check_inputs(self._inputs)
        self._x, self._y = check_data(self._inputs[0], targets, loss)
        self._modules, model_names = _models(model, names)
        if len(self._modules) > 1 and mode not in ("random_plane", "random_line"):
            raise ValueError(f"mode={mode!r} takes one model; several models compare on random directions.")
        for m, name in zip(self._modules, model_names):
            _check_fit(m.eval(), self._inputs, self._y, loss, name)
        self._mode_points = {"end": end, "points": points, "checkpoints": checkpoints}
        _check_mode_points(mode, end, points, checkpoints)
        self._client = client
        self._compute = compute
        self.set_trait("mode", mode)
        self.set_trait("loss", loss)
        kwargs.setdefault("range", list(DEFAULT_RANGES.get(mode, (-1.0, 1.0))) if mode != "trajectory" else [])
        kwargs.setdefault("resolution", DEFAULT_RESOLUTION.get(mode, 21))
        # The plane and the placements go into the widget's first state (the browser builds its
        # models from it), so the traits they depend on are set before the comm opens.
        for name in ("normalization", "ignore", "seed", "range", "resolution", "batch_size"):
            if name in kwargs:
                self.set_trait(name, kwargs.pop(name))
        self._planes: List[Plane] = []
        self._directions_id = 0
        self._build_planes(new_directions=True)
        self._placements = [self._place(m) for m in self._modules]
        self.set_trait("models", [{"name": name, "compute_used": p.compute, "compute_reason": p.reason,
                                   "ir": p.exported.ir_json() if p.exported is not None else "",
                                   "notes": list(p.notes)} for name, p in zip(model_names, self._placements)])
        super().__init__(**kwargs)
        self.results: Dict[str, Dict[str, np.ndarray]] = {}
        self._callbacks = Callbacks()
        self._cancel = threading.Event()
        self._worker: Optional[threading.Thread] = None
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._transport.on_payload(RESULTS_PAYLOAD, self._on_results)
        self.on_msg(self._on_message)
        if any(p.compute == "browser" for p in self._placements):
            self._send_data()
            for i, p in enumerate(self._placements):
                if p.exported is not None:
                    self._transport.put(f"weights:{i}", p.exported.weights_ipc(), KIND_TENSORS)
        self._send_planes()
        self._started = True
        self._run_kernel()

    # --- public API ---------------------------------------------------------------------------

    @property
    def grid(self) -> Dict[str, Any]:
        """{"loss", "accuracy", "xs", "ys"} as numpy (rows along ys) for one model; {name: {...}}
        for several. Browser grids arrive after the cell that started them."""
        out = {name: {**v, "xs": np.array(self.xs), "ys": np.array(self.ys) if self.ys else None}
               for name, v in self.results.items()}
        return next(iter(out.values()), {}) if len(self.models) == 1 else out

    @property
    def planes(self) -> List[Plane]:
        """Per model, the current Plane (origin, directions, xs, ys): pass one to
        netlens.landscape.evaluate to compute the same grid in the kernel."""
        return list(self._planes)

    @property
    def directions(self) -> List[List[Dict[str, Any]]]:
        """Per model, its directions as {parameter name: torch tensor}."""
        return [p.directions for p in self._planes]

    def cancel(self) -> None:
        """Stop the running computation (browser, kernel or Dask); what is done stays."""
        self._cancel.set()
        self.send({"type": MSG_CANCEL})

    def close(self) -> None:
        """Stop work in progress and free data, weights and grids (the browser frees its tensors)."""
        if hasattr(self, "_cancel"):  # absent when the constructor refused its arguments
            self._cancel.set()
            self._release()
        self.results = {}
        super().close()

    # --- planes --------------------------------------------------------------------------------

    def _build_planes(self, new_directions: bool) -> None:
        planes = []
        for i, m in enumerate(self._modules):
            if not new_directions and i < len(self._planes):
                old = self._planes[i]
                xs = axis(self.range, self.resolution) if self.range else old.xs
                planes.append(Plane(old.origin, old.directions, xs, xs.copy() if old.ys is not None else None,
                                    old.anchors, old.path, old.explained))
            else:
                planes.append(self._plane_for(m))
        self._planes = planes
        if new_directions:
            self._directions_id += 1
        p = planes[0]
        if not self.range:
            self.range = [float(p.xs[0]), float(p.xs[-1])]
        self.set_trait("xs", [float(v) for v in p.xs])
        self.set_trait("ys", [float(v) for v in p.ys] if p.ys is not None else [])
        titles = {"interpolation": ["α (start → end)", ""], "plane": ["α (θ0 → θ1)", "β (θ0 → θ2)"],
                  "trajectory": [f"PC1 ({p.explained[0]:.0%} of the path's variance)" if p.explained is not None else "PC1",
                                 f"PC2 ({p.explained[1]:.0%})" if p.explained is not None else "PC2"]}
        self.set_trait("plane", {
            "id": self._directions_id,
            "dims": p.dims,
            "anchors": [{"name": k, "x": v[0], "y": v[1] if len(v) > 1 else 0.0} for k, v in p.anchors.items()],
            "path": p.path.tolist() if p.path is not None else [],
            "explained": p.explained.tolist() if p.explained is not None else [],
            "axis_titles": titles.get(self.mode, ["α (direction 1)", "β (direction 2)"]),
        })

    def _plane_for(self, module: Any) -> Plane:
        kw = {"resolution": self.resolution}
        if self.range:
            kw["range"] = tuple(self.range)
        if self.mode == "random_plane":
            return random_plane(module, seed=self.seed, normalization=self.normalization, ignore=self.ignore, **kw)
        if self.mode == "random_line":
            return random_line(module, seed=self.seed, normalization=self.normalization, ignore=self.ignore, **kw)
        if self.mode == "interpolation":
            return interpolation(module, self._mode_points["end"], **kw)
        if self.mode == "plane":
            m1, m2 = self._mode_points["points"]
            return plane_through(module, m1, m2, **kw)
        return trajectory(self._mode_points["checkpoints"], module, **kw)

    def _place(self, module: Any) -> Any:
        from ._model_link import Placement

        points = len(self._planes[0].xs) * (len(self._planes[0].ys) if self._planes[0].ys is not None else 1)
        params = sum(p.numel() for p in module.parameters())
        if self._compute == "dask":
            return Placement("kernel", "compute='dask': grid rows run as tasks on the Dask cluster")
        placement = place(module, tuple(_torch_batch(x[:1]) for x in self._inputs),
                          "kernel" if self._compute == "kernel" else self._compute, "float32")
        work = points * self._n * params
        if placement.compute == "browser" and work > BROWSER_WORK_LIMIT:
            reason = msg.too_big_for_browser(points, self._n, BROWSER_WORK_LIMIT / max(params, 1))
            if self._compute == "browser":
                raise ValueError(reason)
            return Placement("kernel", reason, notes=placement.notes)
        return placement

    # --- transport --------------------------------------------------------------------------------

    def _send_data(self) -> None:
        names = next(p.exported.input_names for p in self._placements if p.exported is not None)
        tensors = {name: _np(x) for name, x in zip(names, self._inputs)}
        if self._y is not None:
            y = self._y.numpy()
            tensors["target"] = y.astype(np.int32) if self.loss == "cross_entropy" else y.astype(np.float32)
        self._transport.put(DATA_PAYLOAD, tensors_to_ipc(tensors)[0], KIND_TENSORS)

    def _send_planes(self) -> None:
        for i, p in enumerate(self._placements):
            if p.exported is not None:
                wire = directions_wire(p.exported, self._planes[i])
                self._transport.put(f"directions:{i}:{self._directions_id}", tensors_to_ipc(wire)[0], KIND_TENSORS)

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("type") == MSG_CANCEL:
            self._cancel.set()

    def _on_results(self, kind: str, data: memoryview) -> None:
        if kind != KIND_TENSORS:
            self.log.warning(base_msg.not_a_payload(KIND_TENSORS, kind))
            return
        arrays = ipc_to_tensors(data)
        shape = (len(self.ys), len(self.xs)) if self.ys else (len(self.xs),)
        for key, value in arrays.items():
            i, what = key.split("|", 1)
            name = self.models[int(i)]["name"]
            values = np.array(value, dtype=np.float64)
            if values.size != int(np.prod(shape)):
                return  # a grid of an earlier resolution, superseded
            self.results.setdefault(name, {})[what] = values.reshape(shape)
        self._callbacks(self.grid)

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)

    # --- traits -----------------------------------------------------------------------------

    @validate("resolution")
    def _valid_resolution(self, proposal: Any) -> int:
        v = proposal["value"]
        if not 2 <= v <= MAX_RESOLUTION:
            raise TraitError(msg.bad_resolution(v, MAX_RESOLUTION))
        return v

    @validate("range")
    def _valid_range(self, proposal: Any) -> list:
        v = list(proposal["value"])
        if v:
            try:
                axis(v, 2)
            except ValueError as e:
                raise TraitError(str(e)) from None
        return v

    @validate("batch_size")
    def _valid_batch(self, proposal: Any) -> int:
        if proposal["value"] < 1:
            raise TraitError(base_msg.out_of_range("batch_size", proposal["value"], "≥ 1"))
        return proposal["value"]

    @observe("seed", "normalization", "ignore")
    def _new_directions(self, change: Any) -> None:
        if getattr(self, "_started", False):
            if self.mode not in ("random_plane", "random_line"):
                return
            self._restart(new_directions=True)

    @observe("range", "resolution")
    def _new_grid(self, change: Any) -> None:
        if getattr(self, "_started", False):
            self._restart(new_directions=False)

    def _restart(self, new_directions: bool) -> None:
        self._cancel.set()
        if self._worker is not None:
            self._worker.join()
        self.results = {}
        self._build_planes(new_directions)
        if new_directions:
            self._send_planes()
        self._run_kernel()

    # --- kernel and Dask path ------------------------------------------------------------------

    def _run_kernel(self) -> None:
        todo = [i for i, p in enumerate(self._placements) if p.compute == "kernel"]
        if not todo:
            return
        self._cancel = threading.Event()
        cancel = self._cancel
        planes = list(self._planes)
        plane_id = (self._directions_id, tuple(self.xs), tuple(self.ys))

        def rows(i: int):
            def on_row(r: int, loss_row: np.ndarray, acc_row: np.ndarray) -> None:
                if cancel.is_set():
                    raise _Cancelled()
                self.send({"type": MSG_ROWS, "model": i, "plane": plane_id[0], "nx": len(plane_id[1]), "ny": len(plane_id[2]),
                           "rows": [int(r)], "loss": [_json_floats(loss_row)], "accuracy": [_json_floats(acc_row)]})
            return on_row

        def work() -> None:
            from ..landscape._dask import evaluate_dask

            try:
                for i in todo:
                    self.set_trait("status", "computing")
                    if self._compute == "dask":
                        grid = evaluate_dask(self._client, self._modules[i], planes[i], self._x, self._y, self.loss,
                                             self.batch_size, on_row=rows(i))
                    else:
                        grid = evaluate(self._modules[i], planes[i], self._x, self._y, self.loss, self.batch_size,
                                        on_row=rows(i))
                    self.results[self.models[i]["name"]] = grid
                    bad = int((~np.isfinite(grid["loss"])).sum())
                    self.set_trait("nan_points", bad)
                self.set_trait("status", "done")
                self._callbacks(self.grid)
            except _Cancelled:
                self.set_trait("status", "cancelled")
            except Exception as e:  # noqa: BLE001 — shown in the view
                self.set_trait("status", "failed")
                self.set_trait("error", f"{type(e).__name__}: {e}")

        self._worker = threading.Thread(target=work, name="netlens-landscape", daemon=True)
        self._worker.start()

    def wait(self, timeout: Optional[float] = None) -> None:
        """Block until the kernel / Dask computation finishes (browser grids arrive between cells)."""
        if self._worker is not None:
            self._worker.join(timeout)


class _Cancelled(Exception):
    pass


def _json_floats(a: np.ndarray) -> list:
    return [float(v) if np.isfinite(v) else None for v in np.asarray(a, dtype=np.float64).ravel()]


def _check_fit(module: Any, inputs: Sequence[Any], y: Any, loss: str, name: str) -> None:
    """One forward pass on the first example: a clear error when the data does not fit the model."""
    import torch

    xs = tuple(torch.as_tensor(_np(x)[:1]) for x in inputs)
    xs = tuple(x.float() if x.is_floating_point() else x for x in xs)
    try:
        with torch.no_grad():
            out = module(*xs)
    except Exception as e:  # noqa: BLE001 — the user's model said no
        raise ValueError(msg.bad_data(f"{name} refused an input of shape {[tuple(x.shape) for x in xs]}: "
                                      f"{type(e).__name__}: {e}")) from None
    if isinstance(out, (tuple, list)):
        out = out[0]
    if loss == "cross_entropy":
        if out.dim() != 2:
            raise ValueError(msg.bad_data(f"loss='cross_entropy' needs class scores [N, classes]; {name} returns shape {list(out.shape)}"))
        bad = y[(y < 0) | (y >= out.shape[1])]
        if bad.numel():
            raise ValueError(msg.bad_data(f"target {int(bad[0])} is out of range: {name} has {out.shape[1]} classes"))
    if loss == "mse" and y is not None and tuple(y.shape[1:]) != tuple(out.shape[1:]) and y[0].numel() != out[0].numel():
        raise ValueError(msg.bad_data(f"targets of shape {list(y.shape)} do not match {name}'s output {list(out.shape)}"))


def _check_mode_points(mode: str, end: Any, points: Any, checkpoints: Any) -> None:
    if mode == "interpolation" and end is None:
        raise ValueError(msg.needs_points(mode, "end= (the second model or its state_dict)"))
    if mode == "plane" and (points is None or len(points) != 2):
        raise ValueError(msg.needs_points(mode, "points=(model_1, model_2): with `model` they span the plane"))
    if mode == "trajectory" and not checkpoints:
        raise ValueError(msg.needs_points(mode, "checkpoints=[state_dict, ...] (a training path)"))


__all__ = ["BROWSER_WORK_LIMIT", "LossLandscape"]


def _torch_batch(x: Any) -> Any:
    import torch

    t = torch.as_tensor(_np(x))
    return t.float() if t.is_floating_point() else t
