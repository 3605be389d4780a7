"""Attribution: Captum's methods on your model and inputs, computed in the browser, compared side by side.

Pipeline:
  1. check everything that can fail in Python first: inputs (shape, NaN/Inf), methods and their
     Captum-style parameters, the target, Grad-CAM layers, baselines (attribution/_specs.py);
  2. place each model (widgets/_model_link.py): exported to the browser (IR + weights), or kept in
     the kernel, where Captum computes the same specs (attribution/_captum.py);
  3. send the inputs (and user baselines) once; the browser predicts, computes every method for
     every example (the shown ones first) and draws; changing `target`, `methods` or `top_k`
     recomputes where the model runs;
  4. results come back as Arrow into `attributions` (numpy), with completeness deltas.

Example:
    >>> w = Attribution(model, images, target=207, methods=["saliency", "integrated_gradients", "grad_cam"])  # doctest: +SKIP
    >>> w.attributions["integrated_gradients"].shape                                                        # doctest: +SKIP
    (8, 3, 224, 224)
"""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Sequence

import numpy as np
from ipywidgets import DOMWidget
from traitlets import Dict as DictTrait, Enum, Float, Int, List as ListTrait, TraitError, Unicode, observe, validate

from .. import _messages as base_msg
from .._arrow import KIND_TENSORS, ipc_to_tensors, shape_of, tensors_to_ipc
from .._transport import Transport, TransportError
from .._version import MODULE_NAME, MODULE_VERSION
from ..attribution import _messages as msg
from ..attribution._specs import (
    DELTA_METHODS,
    MethodSpec,
    check_baselines,
    check_layer,
    check_target,
    conv_layers,
    default_at,
    default_layer,
    normalize_methods,
    normalize_target,
)
from ._callbacks import Callbacks, ResultsWidget
from ._model_link import as_input_tuple, place

#: Payload and message names (src/widgets/attribution/model.ts uses the same).
INPUTS_PAYLOAD = "inputs"
GIVEN_PAYLOAD = "given"
RESULTS_PAYLOAD = "results"
MSG_CANCEL = "nl:cancel"
MSG_RANDOMIZE = "nl:randomize"

KINDS = ("auto", "image", "text", "tabular", "generic")
SIGNS = ("all", "positive", "negative", "absolute")
CHANNEL_REDUCTIONS = ("sum", "abs_sum", "max_abs")
PANELS = ("attributions", "suggestions", "randomization")
#: Methods a new widget shows when none are asked for (Grad-CAM only where the model has a conv layer).
DEFAULT_METHODS = ("saliency", "integrated_gradients", "grad_cam")
#: How much of each end of |attribution| is clipped before colouring (Captum's outlier_perc default).
DEFAULT_CLIP = 2.0

class Attribution(ResultsWidget, DOMWidget):
    """Attribution maps of one or more PyTorch models on a batch of inputs.

    Parameters
    ----------
    model: a torch.nn.Module, or a list (or dict name → module) of modules to compare side by side
        on the same inputs.
    inputs: the model's input batch (a tensor, or a tuple for models with several inputs).
    target: None (each model's predicted class; `top_k` > 1 explains the k best), a class index,
        one class per example, a tuple index into the output (e.g. (0, 5, 7), a pixel), a list of
        such tuples (one per example), or "layer:channel" (the mean of a layer's channel).
    methods: names (saliency, input_x_gradient, integrated_gradients, deeplift, lrp, grad_cam,
        guided_grad_cam, guided_backprop, deconvolution, occlusion; smoothgrad, smoothgrad_sq and
        vargrad are noise tunnels over saliency) or dicts {"method", "params", "noise_tunnel",
        "label"} with Captum's parameter names.
    labels: class names; tokens: per example, the token strings (text models); feature_names:
        column names (tabular); true_labels: per example, the true class (sample suggestion).
    at: where attributions live: an input (default: the first float input) or a layer such as an
        embedding (default for token models: their embedding).
    compute: "auto", "browser" or "kernel" (Captum), as for ModelView.
    """

    _model_name = Unicode("AttributionModel").tag(sync=True)
    _model_module = Unicode(MODULE_NAME).tag(sync=True)
    _model_module_version = Unicode(MODULE_VERSION).tag(sync=True)
    _view_name = Unicode("AttributionView").tag(sync=True)
    _view_module = Unicode(MODULE_NAME).tag(sync=True)
    _view_module_version = Unicode(MODULE_VERSION).tag(sync=True)

    models = ListTrait(read_only=True, help="Per model: name, where it runs and why, its IR, where attributions live, its conv layers.").tag(sync=True)
    methods = ListTrait(help="The methods, spelled out: label, title, method, params (Captum's names), noise_tunnel.").tag(sync=True)
    target = DictTrait(help="What is explained: {'kind': 'predicted' | 'class' | 'index' | 'indices' | 'tap', ...}; "
                            "assign any form the constructor takes.").tag(sync=True)
    top_k = Int(1, help="With target=None: explain each example's k most probable classes.").tag(sync=True)
    index = Int(0, help="The first example shown.").tag(sync=True)
    rows = Int(1, help="Examples shown at once (each a row of the grid).").tag(sync=True)
    kind = Enum(KINDS[1:], default_value="image", read_only=True, help="How inputs are drawn: image, text, tabular or generic.").tag(sync=True)
    labels = ListTrait(Unicode(), help="Class names, shown as text.").tag(sync=True)
    tokens = ListTrait(ListTrait(Unicode()), help="Per example, its token strings (text models), shown as text.").tag(sync=True)
    feature_names = ListTrait(Unicode(), help="Column names of tabular inputs.").tag(sync=True)
    true_labels = ListTrait(Int(), help="Per example, its true class (for the sample suggestion).").tag(sync=True)
    sign = Enum(SIGNS, default_value="all", help="Which values the maps show: all, positive, negative or absolute.").tag(sync=True)
    opacity = Float(0.6, help="Opacity of the heatmap over the input, in [0, 1].").tag(sync=True)
    clip_percentile = Float(DEFAULT_CLIP, help="Each map is scaled to the (100 − p)-th percentile of |values|, p in [0, 49].").tag(sync=True)
    channel_reduce = Enum(CHANNEL_REDUCTIONS, default_value="sum", help="How image channels become one map: sum (Captum), abs_sum, max_abs.").tag(sync=True)
    panel = Enum(PANELS, default_value="attributions", help="The tab shown: attributions, suggestions, randomization.").tag(sync=True)
    suggest_layer = Unicode("", help="With one model: the layer whose mean activation per input the sample suggestion "
                                     "histograms ('' : prediction − label, or the top probability).").tag(sync=True)
    title = Unicode("", help="Shown above the view.").tag(sync=True)

    backend = Unicode("", read_only=True, help="TF.js backend in the browser.").tag(sync=True)
    backend_reason = Unicode("", read_only=True, help="Why a faster backend was not used, if so.").tag(sync=True)
    status = Unicode("", read_only=True, help="compiling, predicting, computing, done, cancelled, failed.").tag(sync=True)
    progress = DictTrait(read_only=True, help="{done, total, what} of the running job.").tag(sync=True)
    predictions = ListTrait(read_only=True, help="Per model: per example, its top classes and scores.").tag(sync=True)
    randomization = DictTrait(read_only=True, help="The last model-randomization check: layers and Spearman's ρ per step.").tag(sync=True)
    timings = DictTrait(read_only=True, help="Browser timings in ms.").tag(sync=True)
    error = Unicode("", read_only=True, help="The last error (browser or kernel), empty when all is well.").tag(sync=True)

    def __init__(self, model: Any, inputs: Any, target: Any = None, methods: Any = DEFAULT_METHODS, *,
                 labels: Any = None, tokens: Any = None, feature_names: Any = None, true_labels: Any = None,
                 kind: str = "auto", at: Any = None, compute: str = "auto", names: Optional[Sequence[str]] = None,
                 **kwargs: Any) -> None:
        valid = {"top_k", "index", "rows", "sign", "opacity", "clip_percentile", "channel_reduce", "panel", "title", "layout",
                 "suggest_layer"}
        for name in kwargs:
            if name not in valid:
                raise TypeError(base_msg.unknown_keyword(type(self).__name__, name, sorted(valid | {
                    "labels", "tokens", "feature_names", "true_labels", "kind", "at", "compute", "names"})))
        self._inputs = as_input_tuple(inputs)
        self._n = _check_inputs(self._inputs)
        self._modules, model_names = _models(model, names)
        self._placements = [place(m, self._inputs, compute, "float32") for m in self._modules]
        infos = [self._info(name, m, p, at) for name, m, p in zip(model_names, self._modules, self._placements)]
        self._irs = [p.exported.ir if p.exported is not None else None for p in self._placements]
        self.set_trait("models", infos)
        self.set_trait("kind", _kind(kind, self._inputs, infos))
        x_range = _range(self._inputs, infos)
        layer = next((i["layers"][-1] for i in infos if i["layers"]), None)
        if methods is DEFAULT_METHODS and layer is None:
            methods = ("saliency", "input_x_gradient", "integrated_gradients")
        self._specs: List[MethodSpec] = normalize_methods(methods, x_range=x_range, default_layer=layer)
        self._check_specs(self._specs)
        norm_target = normalize_target(target, self._n)
        self._check_target(norm_target)
        super().__init__(methods=[s.to_json() for s in self._specs], target=norm_target,
                         labels=_strings(labels), tokens=_tokens(tokens, self._inputs, self._n),
                         feature_names=_strings(feature_names), true_labels=_ints(true_labels), **kwargs)
        self.results: Dict[str, Dict[str, np.ndarray]] = {}
        self._callbacks = Callbacks()
        self._transport = Transport(self, on_error=self._on_transport_error, eager=True)
        self._transport.on_payload(RESULTS_PAYLOAD, self._on_results)
        self._send_inputs()
        for i, p in enumerate(self._placements):
            if p.exported is not None:
                self._transport.put(f"weights:{i}", p.exported.weights_ipc(), KIND_TENSORS)
        self._started = True
        self._run_kernel()

    # --- public API ---------------------------------------------------------------------------

    @property
    def attributions(self) -> Dict[str, Any]:
        """Maps as numpy arrays, [N, …input] per method ([N, k, …] with top_k > 1): {method label: array}
        for one model, {model name: {method label: array}} for several. Browser results arrive after
        the cell that started them (the kernel reads comm messages between cells)."""
        out = {name: {label: v["attributions"] for label, v in per.items()} for name, per in self.results.items()}
        return next(iter(out.values()), {}) if len(self.models) == 1 else out

    @property
    def deltas(self) -> Dict[str, Any]:
        """Completeness deltas per example for integrated_gradients, deeplift and lrp (same nesting as `attributions`)."""
        out = {name: {label: v["delta"] for label, v in per.items() if "delta" in v} for name, per in self.results.items()}
        return next(iter(out.values()), {}) if len(self.models) == 1 else out

    def cancel(self) -> None:
        """Stop the browser's running computation (what is done stays)."""
        self.send({"type": MSG_CANCEL})

    def randomization_check(self, method: Optional[str] = None, *, index: Optional[int] = None, model: int = 0,
                            seed: int = 0) -> None:
        """The cascading model-randomization test (Adebayo et al. 2018) in one call: layers are
        re-initialized one by one from the output, the map recomputed after each, and Spearman's ρ to the
        original map reported (`randomization`, and the view's "Randomization check" tab)."""
        labels = [s.label for s in self._specs]
        label = method or labels[0]
        if label not in labels:
            raise ValueError(msg.unknown_method(label, labels))
        if not 0 <= model < len(self.models):
            raise ValueError(msg.index_range(model, len(self.models)))
        self.send({"type": MSG_RANDOMIZE, "model": model, "label": label, "index": self.index if index is None else int(index), "seed": int(seed)})

    def close(self) -> None:
        """Free inputs, weights and results; the browser frees its graphs and tensors."""
        self._release()
        self.results = {}
        super().close()

    # --- setup ------------------------------------------------------------------------------

    def _info(self, name: str, module: Any, placement: Any, at: Any) -> dict:
        ir = placement.exported.ir if placement.exported is not None else None
        where = at if at is not None else (default_at(ir) if ir is not None else _default_at_module(module, self._inputs))
        if ir is not None and where is not None:
            from ..attribution._specs import resolve_layer
            resolve_layer(ir, where, "at")
        return {
            "name": name,
            "compute_used": placement.compute,
            "compute_reason": placement.reason,
            "ir": placement.exported.ir_json() if placement.exported is not None else "",
            "at": where,
            "layers": conv_layers(ir) if ir is not None else _module_conv_layers(module),
            "notes": list(placement.notes),
        }

    def _check_specs(self, specs: Sequence[MethodSpec]) -> None:
        x_shape = self._x_shape(0)
        if x_shape:
            check_baselines(specs, x_shape)
        for ir in self._irs:
            if ir is None:
                continue
            for s in specs:
                if "layer" in s.params:
                    check_layer(ir, s.params["layer"], s.method)

    def _check_target(self, target: dict) -> None:
        for ir in self._irs:
            if ir is not None:
                check_target(ir, target, self._n)

    def _x_shape(self, i: int) -> tuple:
        info = self.models[i]
        if info["at"] is None:
            floats = [x for x in self._inputs if np.issubdtype(np.asarray(_np(x)).dtype, np.floating)]
            return tuple(shape_of(floats[0] if floats else self._inputs[0]))
        return ()

    def _send_inputs(self) -> None:
        names = self._input_names()
        tensors = {name: _np(x) for name, x in zip(names, self._inputs)}
        payload, _ = tensors_to_ipc(tensors)
        self._transport.put(INPUTS_PAYLOAD, payload, KIND_TENSORS)
        given = {ref: _np(t) for s in self._specs for ref, t in s.tensors.items()}
        if given:
            self._transport.put(GIVEN_PAYLOAD, tensors_to_ipc(given)[0], KIND_TENSORS)

    def _input_names(self) -> List[str]:
        for p in self._placements:
            if p.exported is not None:
                return list(p.exported.input_names)
        import inspect
        params = [q.name for q in inspect.signature(self._modules[0].forward).parameters.values()]
        return params[: len(self._inputs)]

    # --- traits -----------------------------------------------------------------------------

    @validate("target")
    def _valid_target(self, proposal: Any) -> dict:
        value = normalize_target(proposal["value"], self._n)
        self._check_target(value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        # `w.target = 207` and `w.methods = ["ig"]` take the constructor's forms.
        if name == "target" and not isinstance(value, dict) and hasattr(self, "_n"):
            value = normalize_target(value, self._n)
        if name == "methods" and hasattr(self, "_specs"):
            value = self._methods_value(value)
        super().__setattr__(name, value)

    def _known_tensors(self) -> Dict[str, Any]:
        return {ref: t for s in getattr(self, "_specs", []) for ref, t in s.tensors.items()}

    def _methods_value(self, value: Any) -> list:
        layer = next((i["layers"][-1] for i in self.models if i["layers"]), None)
        specs = normalize_methods(_from_json(value), x_range=_range(self._inputs, self.models), default_layer=layer,
                                  known=self._known_tensors())
        self._check_specs(specs)
        self._specs = specs
        return [s.to_json() for s in specs]

    @validate("methods")
    def _valid_methods(self, proposal: Any) -> list:
        value = proposal["value"]
        return self._methods_value(value)

    @validate("top_k")
    def _valid_top_k(self, proposal: Any) -> int:
        if not 1 <= proposal["value"] <= 10:
            raise TraitError(base_msg.out_of_range("top_k", proposal["value"], "in [1, 10]"))
        return proposal["value"]

    @validate("index")
    def _valid_index(self, proposal: Any) -> int:
        if not 0 <= proposal["value"] < self._n:
            raise TraitError(msg.index_range(proposal["value"], self._n))
        return proposal["value"]

    @validate("rows")
    def _valid_rows(self, proposal: Any) -> int:
        if not 1 <= proposal["value"] <= 16:
            raise TraitError(base_msg.out_of_range("rows", proposal["value"], "in [1, 16]"))
        return proposal["value"]

    @validate("opacity")
    def _valid_opacity(self, proposal: Any) -> float:
        if not 0.0 <= proposal["value"] <= 1.0:
            raise TraitError(base_msg.out_of_range("opacity", proposal["value"], "in [0, 1]"))
        return proposal["value"]

    @validate("clip_percentile")
    def _valid_clip(self, proposal: Any) -> float:
        if not 0.0 <= proposal["value"] <= 49.0:
            raise TraitError(base_msg.out_of_range("clip_percentile", proposal["value"], "in [0, 49]"))
        return proposal["value"]

    @validate("suggest_layer")
    def _valid_suggest_layer(self, proposal: Any) -> str:
        value = proposal["value"]
        ir = self._irs[0] if getattr(self, "_irs", None) else None
        if value and ir is not None:
            from ..attribution._specs import resolve_layer
            try:
                resolve_layer(ir, value, "suggest_layer")
            except ValueError as e:
                raise TraitError(str(e)) from None
        return value

    @validate("labels")
    def _valid_labels(self, proposal: Any) -> list:
        value = proposal["value"]
        classes = _classes(self.models, self._irs)
        if value and classes is not None and len(value) != classes:
            raise TraitError(msg.labels_count(len(value), classes))
        return value

    @observe("target", "methods", "top_k")
    def _recompute_in_kernel(self, change: Any) -> None:
        if getattr(self, "_started", False):
            self._run_kernel()

    # --- kernel path --------------------------------------------------------------------------

    def _run_kernel(self) -> None:
        """Captum computes every method for the kernel-path models and sends the results to the view."""
        from ..attribution._captum import KernelAttribution

        for i, p in enumerate(self._placements):
            if p.compute != "kernel":
                continue
            info = self.models[i]
            try:
                k = KernelAttribution(self._modules[i], self._inputs, at=info["at"])
                outputs = k.outputs()
                probs = _softmax(outputs) if outputs.ndim == 2 else None
                tensors: Dict[str, np.ndarray] = {}
                if probs is not None:
                    tensors["probabilities"] = probs
                per: Dict[str, Dict[str, np.ndarray]] = {}
                errors = []
                for spec in self._specs:
                    slots = self.top_k if self.target["kind"] == "predicted" else 1
                    maps, deltas = [], []
                    for slot in range(slots):
                        target = _resolve(self.target, probs, slot, self._n)
                        try:
                            a, d = k.attribute(spec, target, {ref: t for ref, t in spec.tensors.items()})
                        except Exception as e:  # noqa: BLE001 — shown in the view and the error trait
                            errors.append(f"{info['name']} · {spec.label}: {type(e).__name__}: {e}")
                            break
                        key = f"{spec.label}|{slot}"
                        tensors[key] = a.astype(np.float32)
                        if d is not None:
                            tensors[f"{key}|delta"] = d.astype(np.float32)
                        tensors[f"{key}|targets"] = _target_classes(target, self._n)
                        maps.append(a)
                        deltas.append(d)
                    if maps:
                        entry = {"attributions": maps[0] if slots == 1 else np.stack(maps, 1)}
                        if deltas[0] is not None:
                            entry["delta"] = deltas[0] if slots == 1 else np.stack(deltas, 1)
                        per[spec.label] = entry
                self.set_trait("error", "\n".join(errors))
                self.results[info["name"]] = per
                self._transport.put(f"kernel:{i}", tensors_to_ipc(tensors)[0], KIND_TENSORS)
                self._callbacks(self.attributions)
            except Exception as e:  # noqa: BLE001
                self.set_trait("error", f"{info['name']}: {type(e).__name__}: {e}")
                raise

    # --- results from the browser --------------------------------------------------------------

    def _on_results(self, kind: str, data: memoryview) -> None:
        if kind != KIND_TENSORS:
            self.log.warning(base_msg.not_a_payload(KIND_TENSORS, kind))
            return
        arrays = ipc_to_tensors(data)
        grouped: Dict[int, Dict[str, Dict[int, Dict[str, np.ndarray]]]] = {}
        for key, value in arrays.items():
            parts = key.split("|")
            if len(parts) < 3:
                continue
            i, label, slot = int(parts[0]), parts[1], int(parts[2])
            what = parts[3] if len(parts) > 3 else "attributions"
            grouped.setdefault(i, {}).setdefault(label, {}).setdefault(slot, {})[what] = np.array(value)
        for i, labels in grouped.items():
            name = self.models[i]["name"]
            per: Dict[str, Dict[str, np.ndarray]] = {}
            for label, slots in labels.items():
                order = sorted(slots)
                entry = {}
                for what in ("attributions", "delta", "targets", "scores"):
                    if all(what in slots[s] for s in order):
                        vals = [slots[s][what] for s in order]
                        entry[what] = vals[0] if len(vals) == 1 else np.stack(vals, 1)
                per[label] = entry
            self.results[name] = per
        self._callbacks(self.attributions)

    def _on_transport_error(self, error: TransportError) -> None:
        self.log.warning("netlens: %s", error)


# --- helpers ----------------------------------------------------------------------------------

def _np(x: Any) -> np.ndarray:
    if hasattr(x, "detach"):
        return x.detach().cpu().numpy()
    return np.asarray(x)


def _check_inputs(inputs: Sequence[Any]) -> int:
    shapes = [shape_of(x) if shape_of(x) is not None else np.shape(x) for x in inputs]
    if not shapes or any(len(s) < 2 for s in shapes):
        raise ValueError(msg.bad_inputs(f"each input needs a batch dimension and at least one more; got shapes {[tuple(s) for s in shapes]}"))
    n = shapes[0][0]
    if any(s[0] != n for s in shapes):
        raise ValueError(msg.bad_inputs(f"inputs disagree on the batch size: {[s[0] for s in shapes]}"))
    for x in inputs:
        a = _np(x)
        if np.issubdtype(a.dtype, np.floating):
            bad = ~np.isfinite(a)
            if bad.any():
                raise ValueError(msg.non_finite_inputs(int(bad.sum()), str(tuple(int(i) for i in np.argwhere(bad)[0]))))
    return int(n)


def _models(model: Any, names: Optional[Sequence[str]]) -> tuple:
    if isinstance(model, dict):
        mods, auto = list(model.values()), [str(k) for k in model]
    elif isinstance(model, (list, tuple)):
        mods = list(model)
        auto = [type(m).__name__ for m in mods]
    else:
        mods, auto = [model], [type(model).__name__]
    chosen = list(names) if names is not None else auto
    seen: Dict[str, int] = {}
    unique = []
    for n in chosen:
        seen[n] = seen.get(n, 0) + 1
        unique.append(n if chosen.count(n) == 1 else f"{n} #{seen[n]}")
    return mods, unique


def _kind(kind: str, inputs: Sequence[Any], infos: List[dict]) -> str:
    if kind != "auto":
        if kind not in KINDS:
            raise ValueError(base_msg.bad_choice("kind", kind, KINDS))
        return kind
    if any(i["at"] is not None for i in infos):
        return "text"
    x = _np(inputs[0])
    if x.ndim == 4 and x.shape[1] in (1, 3):
        return "image"
    if x.ndim == 2:
        return "tabular"
    return "generic"


def _range(inputs: Sequence[Any], infos: Sequence[dict]) -> float:
    """The value range SmoothGrad's σ is relative to (embeddings: 1)."""
    if any(i["at"] is not None for i in infos):
        return 1.0
    floats = [_np(x) for x in inputs if np.issubdtype(_np(x).dtype, np.floating)]
    if not floats:
        return 1.0
    x = floats[0]
    span = float(x.max() - x.min())
    return span if span > 0 else 1.0


def _strings(v: Any) -> list:
    return [] if v is None else [str(s) for s in list(v)]


def _ints(v: Any) -> list:
    if v is None:
        return []
    return [int(s) for s in (v.tolist() if hasattr(v, "tolist") else list(v))]


def _tokens(tokens: Any, inputs: Sequence[Any], n: int) -> list:
    if tokens is None:
        return []
    rows = [[str(t) for t in row] for row in tokens]
    if len(rows) != n:
        raise ValueError(msg.bad_inputs(f"tokens: got {len(rows)} rows for {n} examples"))
    x = _np(inputs[0])
    if x.ndim >= 2:
        for i, row in enumerate(rows):
            if len(row) != x.shape[1]:
                raise ValueError(msg.token_count(i, len(row), x.shape[1]))
    return rows


def _classes(models: Sequence[dict], irs: Sequence[Optional[dict]]) -> Optional[int]:
    for ir in irs:
        if ir is None:
            continue
        out = ir["outputs"][0]
        for node in ir["nodes"]:
            if node["name"] == out and isinstance(node.get("shape"), list) and len(node["shape"]) == 2:
                return node["shape"][1] if isinstance(node["shape"][1], int) else None
    return None


def _softmax(x: np.ndarray) -> np.ndarray:
    z = x - x.max(axis=1, keepdims=True)
    e = np.exp(z)
    return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)


def _resolve(target: dict, probs: Optional[np.ndarray], slot: int, n: int) -> dict:
    """A predicted target → the class per example (slot-th most probable)."""
    if target["kind"] != "predicted":
        return target
    if probs is None:
        raise ValueError(msg.bad_target("None: the model's output is not a class score vector; give a tuple index"))
    order = np.argsort(-probs, axis=1)
    return {"kind": "class", "classes": [int(c) for c in order[:, slot]]}


def _target_classes(target: dict, n: int) -> np.ndarray:
    """The class explained per example (−1 for index and layer targets)."""
    classes = target.get("classes", []) if target["kind"] == "class" else []
    if len(classes) == 1:
        classes = classes * n
    return np.asarray(classes if len(classes) == n else [-1] * n, dtype=np.int32)


def _from_json(value: Any) -> Any:
    """Method dicts as the browser sends them back (label, title …) → constructor form."""
    if isinstance(value, (str, dict)):
        return value
    out = []
    for v in value:
        if isinstance(v, dict) and "title" in v:
            entry = {"method": v["method"], "params": v.get("params") or {}, "label": v["label"]}
            if v.get("noise_tunnel"):
                entry["noise_tunnel"] = v["noise_tunnel"]
            out.append(entry)
        else:
            out.append(v)
    return out


def _default_at_module(module: Any, inputs: Sequence[Any]) -> Optional[str]:
    """Kernel-path models with only integer inputs: the first nn.Embedding's path."""
    if any(np.issubdtype(_np(x).dtype, np.floating) for x in inputs):
        return None
    import torch

    for name, m in module.named_modules():
        if isinstance(m, torch.nn.Embedding):
            return name
    return None


def _module_conv_layers(module: Any) -> List[str]:
    import torch

    return [name for name, m in module.named_modules() if isinstance(m, (torch.nn.Conv1d, torch.nn.Conv2d))]


__all__ = ["Attribution", "DELTA_METHODS"]
