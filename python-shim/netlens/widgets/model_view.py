"""ModelView: a PyTorch model brought into the browser (or run in the kernel), its layers, and
what a forward or a gradient gives — the bridge every model-taking widget stands on.

Pipeline:
  1. place the model (widgets/_model_link.py): export to IR + weights for the browser, or keep it
     in the kernel (unsupported op, export failure, too big, or compute="kernel")
  2. browser path: the IR travels in the `ir` trait, the weights as a `tensors` payload; the
     browser compiles them (TF.js) and reports `backend`, `timings` and `error`
  3. `forward()` / `gradient()` send the inputs as a `tensors` payload plus a run request; the
     browser computes and sends the result back as Arrow (`result`). On the kernel path PyTorch
     computes and the result is sent to the browser, which shows it in the same view.

Example:
    >>> w = ModelView(model, torch.randn(2, 3, 32, 32))            # doctest: +SKIP
    >>> w.forward(taps=["layer1"])                                   # doctest: +SKIP
    >>> w.result["output:0"].shape                                   # doctest: +SKIP
    (2, 10)
"""
from __future__ import annotations

import json
from typing import Any, Callable, Dict as TDict, List, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Dict, Enum, List as ListTrait, Unicode

from .. import _messages as msg
from .._arrow import KIND_TENSORS, ipc_to_tensors, tensors_to_ipc
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ._callbacks import Callbacks, ResultsWidget
from ._model_link import (
    COMPUTE_CHOICES,
    INPUTS_PAYLOAD,
    RESULT_PAYLOAD,
    WEIGHTS_PAYLOAD,
    Placement,
    as_input_tuple,
    place,
)

#: Message type of a run request (forward or gradient) to the browser.
MSG_RUN = "nl:run"
#: Name of the int32 tensor carrying the run id inside inputs and result payloads.
RUN_ID = "run"



class ModelView(ResultsWidget, DOMWidget):
    """A PyTorch model in a notebook: where it runs, its layers, and forward/gradient results.

    Parameters
    ----------
    model: torch.nn.Module (put in eval mode for export; the user's mode is restored).
    example_inputs: a tensor or tuple of tensors the model is called with (also the inputs of
        the first forward, run at once).
    compute: "auto" (browser when the model exports and fits, else kernel), "browser" (raise if
        it cannot), or "kernel" (PyTorch in the kernel).
    weights_dtype: "float32" (default) or "float16" (half the bytes; each weight within 2⁻¹¹
        of itself, see docs/ir.md §4).
    taps: layer names (module paths such as "layer4.1.conv2", or IR node names) read by every run.
    """

    _model_name = Unicode("ModelViewModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("ModelViewView").tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    compute = Enum(COMPUTE_CHOICES, default_value="auto", read_only=True, help="What was asked for.").tag(sync=True)
    compute_used = Unicode("", read_only=True, help="Where the model runs: browser or kernel.").tag(sync=True)
    compute_reason = Unicode("", read_only=True, help="Why it runs there.").tag(sync=True)
    weights_dtype = Enum(("float32", "float16"), default_value="float32", read_only=True,
                         help="How weights travel to the browser.").tag(sync=True)
    ir = Unicode("", read_only=True, help="The exported IR document (JSON; docs/ir.md); empty on the kernel path.").tag(sync=True)
    layers = ListTrait(read_only=True, help="Modules: path, type, output shape, parameter count.").tag(sync=True)
    summary = Dict(read_only=True, help="Model name, parameters, weight bytes, inputs, outputs, notes.").tag(sync=True)
    taps = ListTrait(Unicode(), help="Layer names every run reads (module paths or IR node names).").tag(sync=True)
    backend = Unicode("", read_only=True, help="TF.js backend in the browser: webgpu, webgl, wasm or cpu.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    timings = Dict(read_only=True, help="Browser timings in ms: weights, compile, first_forward, forward, gradient.").tag(sync=True)
    status = Unicode("", read_only=True, help="What the browser is doing: loading, compiling, ready, running, failed.").tag(sync=True)
    error = Unicode("", read_only=True, help="The last error (browser or kernel), empty when all is well.").tag(sync=True)

    def __init__(self, model: Any, example_inputs: Any, *, compute: str = "auto",
                 weights_dtype: str = "float32", taps: Sequence[str] = (), **kwargs: Any) -> None:
        for name in kwargs:
            if name not in ("layout",):
                raise TypeError(msg.unknown_keyword(type(self).__name__, name, ["compute", "weights_dtype", "taps"]))
        self._model = model
        self._examples = as_input_tuple(example_inputs)
        self.placement: Placement = place(model, self._examples, compute, weights_dtype)
        self.set_trait("compute", compute)
        self.set_trait("weights_dtype", weights_dtype)
        self.set_trait("compute_used", self.placement.compute)
        self.set_trait("compute_reason", self.placement.reason)
        exported = self.placement.exported
        self.set_trait("ir", exported.ir_json() if exported is not None else "")
        self.set_trait("layers", _layers(model, exported))
        self.set_trait("summary", _summary(model, exported, self.placement, weights_dtype))
        super().__init__(taps=list(taps), **kwargs)
        self.result: Optional[TDict[str, np.ndarray]] = None
        self.results: TDict[int, TDict[str, np.ndarray]] = {}
        self._callbacks = Callbacks()
        self._next_run = 0
        self._kernel = None
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._transport.on_payload(RESULT_PAYLOAD, self._on_result_payload)
        if exported is not None:
            payload = exported.weights_ipc(float16=weights_dtype == "float16")
            self._transport.put(WEIGHTS_PAYLOAD, payload, KIND_TENSORS)
        self.forward()

    # --- public API ---------------------------------------------------------------------------

    @property
    def exported(self) -> Any:
        """The ExportedModel (IR, weights, torch program) on the browser path, else None."""
        return self.placement.exported

    def forward(self, *inputs: Any, taps: Optional[Sequence[str]] = None) -> int:
        """Run the model on `inputs` (default: the example inputs), reading `taps` (default: the
        `taps` trait). Returns the run id. Results arrive in `result` (dict: "output:<k>",
        "tap:<name>") and in `on_result` callbacks — at once on the kernel path, after the cell
        finishes on the browser path (the kernel reads comm messages between cells).
        """
        return self._run({"kind": "forward"}, inputs, taps)

    def gradient(self, *inputs: Any, target: Optional[int] = None, of: Optional[str] = None,
                 wrt: Optional[str] = None, taps: Optional[Sequence[str]] = None) -> int:
        """Gradient of a scalar w.r.t. an input or a layer: the scalar is Σ over the batch of
        `T[:, target]` (or of all of T when target is None), T the model's first output or the
        layer `of`. `wrt` is an input name (default: the first input) or a layer name.
        Result keys: "value", "grad:<wrt>", "output:<k>", "tap:<name>".
        """
        return self._run({"kind": "gradient", "target": target, "of": of, "wrt": wrt}, inputs, taps)

    def close(self) -> None:
        """Free payloads and results, then close the comm (the browser frees its weights)."""
        self._release()
        self.result = None
        self.results = {}
        super().close()

    # --- internals --------------------------------------------------------------------------

    def _input_names(self) -> List[str]:
        exported = self.placement.exported
        if exported is not None:
            return list(exported.input_names)
        return list(self._kernel_model().input_names)  # the forward's parameter names

    def _run(self, request: dict, inputs: Sequence[Any], taps: Optional[Sequence[str]]) -> int:
        inputs = tuple(inputs) if inputs else self._examples
        exported = self.placement.exported
        if exported is not None:
            exported.check_inputs(*inputs)
        run_id = self._next_run
        self._next_run += 1
        taps = list(self.taps if taps is None else taps)
        request = {**request, "type": MSG_RUN, "id": run_id, "taps": taps}
        if self.placement.compute == "kernel":
            self._run_in_kernel(run_id, request, inputs, taps)
            return run_id
        names = self._input_names()
        tensors = {name: value for name, value in zip(names, inputs)}
        tensors[RUN_ID] = np.array([run_id], dtype=np.int32)
        payload, _ = tensors_to_ipc(tensors)
        self.send(request)
        self._transport.put(INPUTS_PAYLOAD, payload, KIND_TENSORS)
        return run_id

    def _kernel_model(self) -> Any:
        if self._kernel is None:
            from ..bridge.kernel import KernelModel
            self._kernel = KernelModel(self._model, self.placement.exported)
        return self._kernel

    def _run_in_kernel(self, run_id: int, request: dict, inputs: Sequence[Any], taps: List[str]) -> None:
        import torch

        kernel = self._kernel_model()
        tensors = [torch.as_tensor(x) for x in inputs]
        try:
            if request["kind"] == "forward":
                outputs, tapped = kernel.forward(*tensors, taps=taps)
                result = {f"output:{k}": o for k, o in enumerate(outputs)}
            else:
                wrt = request["wrt"] or self._input_names()[0]
                objective = _objective(request["target"], request["of"])
                value, grad, tapped = kernel.gradient(*tensors, objective=objective, wrt=wrt, taps=taps)
                result = {"value": np.array([value], dtype=np.float32), f"grad:{wrt}": grad}
            result.update({f"tap:{name}": t for name, t in tapped.items()})
        except Exception as e:  # noqa: BLE001 — shown in the cell output, and re-raised
            self.set_trait("error", f"{type(e).__name__}: {e}")
            raise
        arrays = {k: (v.detach().cpu().numpy() if hasattr(v, "detach") else np.asarray(v)) for k, v in result.items()}
        self.set_trait("error", "")
        self._deliver(run_id, arrays)
        shown = dict(arrays)
        shown[RUN_ID] = np.array([run_id], dtype=np.int32)
        payload, _ = tensors_to_ipc(shown)
        self._transport.put(RESULT_PAYLOAD, payload, KIND_TENSORS)

    def _deliver(self, run_id: int, result: TDict[str, np.ndarray]) -> None:
        self.result = result
        self.results[run_id] = result
        self._callbacks(result)

    def _on_result_payload(self, kind: str, data: memoryview) -> None:
        if kind != KIND_TENSORS:
            self.log.warning(msg.not_a_payload(KIND_TENSORS, kind))
            return
        arrays = {k: np.array(v) for k, v in ipc_to_tensors(data).items()}
        run_id = int(arrays.pop(RUN_ID, np.array([-1]))[0])
        self._deliver(run_id, arrays)

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)


def _objective(target: Optional[int], of: Optional[str]) -> Callable[[list, dict], Any]:
    """The scalar of ModelView.gradient, for the kernel path (the browser builds the same)."""
    def objective(outputs: list, taps: dict) -> Any:
        t = taps[of] if of is not None else outputs[0]
        return t[:, target].sum() if target is not None else t.sum()
    return objective


def _layers(model: Any, exported: Any) -> List[dict]:
    """One row per module: path, type, output shape (browser path), parameter count."""
    counts = {name: sum(p.numel() for p in m.parameters(recurse=False)) for name, m in model.named_modules()}
    if exported is None:
        return [{"path": name, "type": type(m).__name__, "shape": None, "params": int(counts.get(name, 0))}
                for name, m in model.named_modules() if name]
    nodes = {n["name"]: n for n in exported.ir["nodes"]}
    rows = []
    for path, info in exported.ir.get("modules", {}).items():
        if not path:
            continue
        first = nodes.get(info["outputs"][0]) if info["outputs"] else None
        shape = first["shape"] if first is not None else None
        rows.append({"path": path, "type": info["type"], "shape": shape, "params": int(counts.get(path, 0))})
    return rows


def _summary(model: Any, exported: Any, placement: Placement, weights_dtype: str) -> dict:
    params = sum(p.numel() for p in model.parameters())
    out = {"model": type(model).__name__, "parameters": int(params), "notes": list(placement.notes)}
    if exported is not None:
        ir = exported.ir
        nbytes = sum(int(w.nbytes) for w in exported.weights.values())
        out.update({
            "nodes": len(ir["nodes"]),
            "weight_bytes": nbytes // 2 if weights_dtype == "float16" else nbytes,
            "inputs": [{"name": i["name"], "shape": i["shape"], "dtype": i["dtype"]} for i in ir["inputs"]],
            "outputs": list(ir["outputs"]),
        })
    return out


__all__ = ["ModelView"]
