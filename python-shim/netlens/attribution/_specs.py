"""Method and target specs: what a user writes (Captum's names), checked and spelled out once.

The same JSON specs drive the browser (src/methods/attribution/run.ts) and the kernel path
(_captum.py), so both compute the same thing.

Example:
    >>> [s.label for s in normalize_methods(["saliency", "ig", "smoothgrad"], x_range=2.0)]
    ['saliency', 'integrated_gradients', 'smoothgrad']
    >>> normalize_target(207, 4)
    {'kind': 'class', 'classes': [207]}
    >>> normalize_target("layer4:17", 4)
    {'kind': 'tap', 'tap': 'layer4', 'index': [17], 'reduce': 'mean'}
"""
from __future__ import annotations

import difflib
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

import numpy as np

from . import _messages as msg

#: Captum's parameter names per method, with a check of each value.
_BASELINE_NAMES = ("zeros", "blur", "uniform")
_IG_METHODS = ("gausslegendre", "riemann_left", "riemann_right", "riemann_middle", "riemann_trapezoid")
_LRP_RULES = ("epsilon", "gamma", "alpha1beta0", "alpha2beta1")
_NT_TYPES = ("smoothgrad", "smoothgrad_sq", "vargrad")
_MODES = ("nearest", "bilinear")


def _is_int(v: Any, least: int = 1) -> bool:
    return isinstance(v, numbers.Integral) and not isinstance(v, bool) and v >= least


def _is_num(v: Any) -> bool:
    return isinstance(v, numbers.Real) and not isinstance(v, bool) and math.isfinite(v)


def _is_tensor(v: Any) -> bool:
    return hasattr(v, "shape") and hasattr(v, "dtype")


def _is_tensor_ref(v: Any) -> bool:
    """{"tensor": name}: a user tensor already sent with the inputs (methods coming back from the browser)."""
    return isinstance(v, dict) and set(v) == {"tensor"} and isinstance(v["tensor"], str)


def _baseline_ok(v: Any) -> bool:
    return _is_tensor(v) or _is_tensor_ref(v) or v in _BASELINE_NAMES


def _lrp_rule_ok(v: Any) -> bool:
    if v in _LRP_RULES:
        return True
    if isinstance(v, dict):
        r = v.get("rule")
        return (r == "epsilon" and _is_num(v.get("epsilon", 0)) or r == "gamma" and _is_num(v.get("gamma", 0.25))
                or r == "alphabeta" and _is_num(v.get("alpha")) and _is_num(v.get("beta"))
                and abs(v["alpha"] - v["beta"] - 1) < 1e-9 and v["beta"] >= 0)
    return False


#: name → {param: (check, description)}
PARAMS: Dict[str, Dict[str, tuple]] = {
    "saliency": {"abs": (lambda v: isinstance(v, bool), "True or False")},
    "input_x_gradient": {},
    "integrated_gradients": {
        "n_steps": (_is_int, "a positive int"),
        "method": (lambda v: v in _IG_METHODS, " or ".join(map(repr, _IG_METHODS))),
        "internal_batch_size": (lambda v: v is None or _is_int(v), "None or a positive int"),
        "baselines": (_baseline_ok, "'zeros', 'blur', 'uniform' or a tensor like the inputs"),
        "blur_sigma": (lambda v: _is_num(v) and v > 0, "a number > 0 (pixels)"),
        "seed": (lambda v: _is_int(v, 0), "an int ≥ 0"),
    },
    "deeplift": {
        "baselines": (_baseline_ok, "'zeros', 'blur', 'uniform' or a tensor like the inputs"),
        "blur_sigma": (lambda v: _is_num(v) and v > 0, "a number > 0 (pixels)"),
        "seed": (lambda v: _is_int(v, 0), "an int ≥ 0"),
        "eps": (lambda v: _is_num(v) and v > 0, "a number > 0"),
    },
    "lrp": {
        "rule": (_lrp_rule_ok, "'epsilon', 'gamma', 'alpha1beta0', 'alpha2beta1' or {'rule': 'alphabeta', 'alpha': a, 'beta': a - 1}"),
        "epsilon": (lambda v: _is_num(v) and v >= 0, "a number ≥ 0"),
        "layer_rules": (lambda v: isinstance(v, dict) and all(isinstance(k, str) and _lrp_rule_ok(r) for k, r in v.items()),
                        "a dict {module path: rule}"),
    },
    "grad_cam": {
        "layer": (lambda v: isinstance(v, str) and v != "", "a layer name (module path)"),
        "relu_attributions": (lambda v: isinstance(v, bool), "True or False"),
        "interpolate_mode": (lambda v: v is None or v in _MODES, "None (the layer's resolution), 'nearest' or 'bilinear'"),
    },
    "guided_grad_cam": {
        "layer": (lambda v: isinstance(v, str) and v != "", "a layer name (module path)"),
        "interpolate_mode": (lambda v: v in _MODES, "'nearest' or 'bilinear'"),
    },
    "guided_backprop": {},
    "deconvolution": {},
    "occlusion": {
        "sliding_window_shapes": (lambda v: isinstance(v, (list, tuple)) and all(_is_int(d) for d in v), "a list of window sizes, one per non-batch dimension"),
        "strides": (lambda v: v is None or isinstance(v, (list, tuple)) and all(_is_int(d) for d in v), "None or a list of strides"),
        "baselines": (lambda v: _is_num(v) or _is_tensor(v) or _is_tensor_ref(v), "a number or a tensor like the inputs"),
        "perturbations_per_eval": (_is_int, "a positive int"),
    },
}
METHODS = tuple(PARAMS)

#: Other names users write for the same methods.
ALIASES = {"ig": "integrated_gradients", "gradcam": "grad_cam", "gradient_x_input": "input_x_gradient",
           "gradient_input": "input_x_gradient", "deconvnet": "deconvolution", "guided_gradcam": "guided_grad_cam",
           "deep_lift": "deeplift", "vanilla_gradient": "saliency"}

#: Shorthands for a noise tunnel over saliency (SmoothGrad's σ: 15 % of the input's range, Smilkov et al.).
NOISE_SHORTHANDS = {"smoothgrad": "smoothgrad", "smoothgrad_sq": "smoothgrad_sq", "vargrad": "vargrad"}
SMOOTHGRAD_SAMPLES = 16
SMOOTHGRAD_NOISE_LEVEL = 0.15

#: Methods whose maps live at a layer (they need `layer`).
LAYER_METHODS = ("grad_cam", "guided_grad_cam")
#: Methods that report a completeness delta.
DELTA_METHODS = ("integrated_gradients", "deeplift", "lrp")
#: Shown in the view.
TITLES = {"saliency": "Saliency", "input_x_gradient": "Gradient × Input", "integrated_gradients": "Integrated Gradients",
          "deeplift": "DeepLIFT", "lrp": "LRP", "grad_cam": "Grad-CAM", "guided_grad_cam": "Guided Grad-CAM",
          "guided_backprop": "Guided Backprop", "deconvolution": "Deconvnet", "occlusion": "Occlusion",
          "smoothgrad": "SmoothGrad", "smoothgrad_sq": "SmoothGrad²", "vargrad": "VarGrad"}


@dataclass
class MethodSpec:
    """One method as the browser and the kernel run it. `tensors` holds user tensors the params
    refer to as {"tensor": name} (they travel in the "given" payload)."""

    label: str
    method: str
    params: Dict[str, Any] = field(default_factory=dict)
    noise_tunnel: Optional[Dict[str, Any]] = None
    tensors: Dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        nt = self.noise_tunnel
        title = TITLES.get(self.label) or (f"{TITLES.get(nt['type'], nt['type'])}({TITLES[self.method]})" if nt else TITLES[self.method])
        return {"label": self.label, "title": title, "method": self.method, "params": self.params, "noise_tunnel": nt}


def normalize_methods(methods: Any, *, x_range: float, default_layer: Optional[str] = None,
                      known: Optional[Dict[str, Any]] = None) -> List[MethodSpec]:
    """Names or dicts → MethodSpecs with unique labels; raises with the valid choices. `known`:
    user tensors already sent, which params may name as {"tensor": name}."""
    if isinstance(methods, (str, dict)):
        methods = [methods]
    specs: List[MethodSpec] = []
    for entry in methods:
        spec = _one(entry, x_range, known or {})
        if spec.method in LAYER_METHODS and "layer" not in spec.params:
            if default_layer is None:
                raise ValueError(msg.no_conv_layer(spec.method))
            spec.params["layer"] = default_layer
        specs.append(spec)
    seen = set()
    for s in specs:
        if s.label in seen:
            raise ValueError(msg.duplicate_label(s.label))
        seen.add(s.label)
    return specs


def _one(entry: Any, x_range: float, known: Dict[str, Any]) -> MethodSpec:
    if isinstance(entry, str):
        entry = {"method": entry}
    if not isinstance(entry, dict) or "method" not in entry:
        raise TypeError(msg.bad_method_entry(entry))
    extra = set(entry) - {"method", "params", "noise_tunnel", "label"}
    if extra:
        raise TypeError(msg.bad_method_entry(entry))
    name = ALIASES.get(entry["method"], entry["method"])
    params = dict(entry.get("params") or {})
    nt = entry.get("noise_tunnel")
    label = entry.get("label")
    if name in NOISE_SHORTHANDS:
        nt = {"type": NOISE_SHORTHANDS[name], "samples": SMOOTHGRAD_SAMPLES,
              "stdev": SMOOTHGRAD_NOISE_LEVEL * x_range, **(nt or {})}
        label = label or name
        name = "saliency"
    if name not in PARAMS:
        raise ValueError(msg.unknown_method(entry["method"], list(METHODS) + list(NOISE_SHORTHANDS)))
    tensors: Dict[str, Any] = {}
    for key, value in params.items():
        if key not in PARAMS[name]:
            raise TypeError(msg.unknown_param(name, key, PARAMS[name]))
        check, valid = PARAMS[name][key]
        if not check(value):
            raise ValueError(msg.bad_param(name, key, value, valid))
    if nt is not None:
        nt = _noise_tunnel(nt)
    label = label or (name if nt is None else f"{nt['type']}({name})")
    for key, value in list(params.items()):
        if _is_tensor(value):
            ref = f"{label}:{key}"
            tensors[ref] = value
            params[key] = {"tensor": ref}
        elif _is_tensor_ref(value):
            if value["tensor"] not in known:
                raise ValueError(msg.bad_param(name, key, value, "a tensor (this one was never sent)"))
            tensors[value["tensor"]] = known[value["tensor"]]
    return MethodSpec(label, name, params, nt, tensors)


def _noise_tunnel(nt: Any) -> dict:
    ok = (isinstance(nt, dict) and nt.get("type") in _NT_TYPES and set(nt) <= {"type", "samples", "stdev", "seed"}
          and _is_int(nt.get("samples", 5)) and _is_num(nt.get("stdev", 1.0)) and nt.get("stdev", 1.0) > 0
          and _is_int(nt.get("seed", 0), 0))
    if not ok:
        raise ValueError(msg.bad_noise_tunnel(nt))
    return {"type": nt["type"], "samples": int(nt.get("samples", 5)), "stdev": float(nt.get("stdev", 1.0)),
            "seed": int(nt.get("seed", 0))}


def normalize_target(target: Any, n: int) -> dict:
    """A user's target → {"kind": "predicted" | "class" | "index" | "tap", ...} (see the module docstring)."""
    if target is None or target == "predicted":
        return {"kind": "predicted"}
    if isinstance(target, dict):
        return _target_dict(target, n)
    if _is_int(target, 0):
        return {"kind": "class", "classes": [int(target)]}
    if isinstance(target, tuple):
        if not target or not all(_is_int(t, 0) for t in target):
            raise ValueError(msg.bad_target(target))
        return {"kind": "index", "index": [int(t) for t in target]}
    if isinstance(target, str):
        tap, _, rest = target.partition(":")
        if not tap:
            raise ValueError(msg.bad_target(target))
        index = [] if rest == "" else [_int_or_fail(p, target) for p in rest.split(",")]
        return {"kind": "tap", "tap": tap, "index": index, "reduce": "mean"}
    if hasattr(target, "tolist"):
        target = target.tolist()
    if isinstance(target, list):
        if not all(_is_int(t, 0) for t in target):
            raise ValueError(msg.bad_target(target))
        if len(target) not in (1, n):
            raise ValueError(msg.target_count(len(target), n))
        return {"kind": "class", "classes": [int(t) for t in target]}
    raise ValueError(msg.bad_target(target))


def _int_or_fail(part: str, whole: Any) -> int:
    try:
        v = int(part)
    except ValueError:
        raise ValueError(msg.bad_target(whole)) from None
    if v < 0:
        raise ValueError(msg.bad_target(whole))
    return v


def _target_dict(t: dict, n: int) -> dict:
    kind = t.get("kind")
    if kind == "predicted":
        return {"kind": "predicted"}
    if kind == "class":
        return normalize_target(list(t.get("classes", [])), n)
    if kind == "index":
        return normalize_target(tuple(t.get("index", [])), n)
    if kind == "tap" and isinstance(t.get("tap"), str) and t.get("reduce", "mean") in ("mean", "sum") \
            and all(_is_int(i, 0) for i in t.get("index", [])):
        return {"kind": "tap", "tap": t["tap"], "index": [int(i) for i in t.get("index", [])], "reduce": t.get("reduce", "mean")}
    raise ValueError(msg.bad_target(t))


# --- checks against an exported graph (docs/ir.md) ---------------------------------------------

def _shape_of(ir: dict, ref: str) -> Optional[list]:
    for v in list(ir["inputs"]) + list(ir["nodes"]):
        if v["name"] == ref:
            return v["shape"] if isinstance(v.get("shape"), list) else None
    return None


def resolve_layer(ir: dict, name: str, what: str) -> str:
    """The IR ref a layer name reads (node, module path or input), or a ValueError with suggestions."""
    names = [v["name"] for v in list(ir["inputs"]) + list(ir["nodes"])]
    if name in names:
        return name
    module = ir["modules"].get(name)
    if module and module["outputs"]:
        return module["outputs"][0]
    suggestions = difflib.get_close_matches(name, list(ir["modules"]) + names, n=3)
    raise ValueError(msg.unknown_layer(name, what, suggestions))


#: Ops whose output is a pooled map: Grad-CAM's default layer is the last feature map before pooling.
_POOLS = {"max_pool1d", "max_pool2d", "avg_pool1d", "avg_pool2d", "adaptive_avg_pool1d", "adaptive_avg_pool2d",
          "adaptive_max_pool2d"}


def conv_layers(ir: dict) -> List[str]:
    """Module paths whose output is [N, C, …spatial] with more than one position (pooling outputs
    left out), in graph order (the shortest path when a block and its last layer share an output)."""
    order = {n["name"]: i for i, n in enumerate(ir["nodes"])}
    ops = {n["name"]: n["op"] for n in ir["nodes"]}
    by_ref: Dict[str, str] = {}
    for path, m in ir["modules"].items():
        if not path or not m["outputs"]:
            continue
        ref = m["outputs"][0]
        if ops.get(ref) in _POOLS:
            continue
        shape = _shape_of(ir, ref)
        if shape is None or len(shape) not in (3, 4):
            continue
        spatial = shape[2:]
        if not all(isinstance(d, int) for d in spatial) or int(np.prod(spatial)) <= 1:
            continue
        if ref not in by_ref or len(path) < len(by_ref[ref]):
            by_ref[ref] = path
    return [by_ref[r] for r in sorted(by_ref, key=lambda r: order.get(r, -1))]


def default_layer(ir: dict) -> Optional[str]:
    """Grad-CAM's default: the last layer with a spatial map (e.g. ResNet's "layer4")."""
    layers = conv_layers(ir)
    return layers[-1] if layers else None


def default_at(ir: dict) -> Optional[str]:
    """Where attributions live: None (the first float input), or for token models the module of
    the embedding that reads the token ids."""
    floats = [i for i in ir["inputs"] if i["dtype"] == "float32"]
    if floats:
        return None
    ints = {i["name"] for i in ir["inputs"]}
    for n in ir["nodes"]:
        if n["op"] == "embedding" and len(n["inputs"]) > 1 and n["inputs"][1] in ints:
            return n["module"] or n["name"]
    return None


def check_layer(ir: dict, layer: str, method: str) -> None:
    ref = resolve_layer(ir, layer, method)
    shape = _shape_of(ir, ref) or []
    if len(shape) < 3:
        raise ValueError(msg.not_conv_layer(layer, shape, conv_layers(ir)))


def check_target(ir: dict, target: dict, n: int) -> None:
    """Class indices, output indices and taps against the exported shapes."""
    kind = target["kind"]
    if kind == "predicted":
        return
    if kind == "tap":
        ref = resolve_layer(ir, target["tap"], "target")
        shape = _shape_of(ir, ref) or []
        _check_indices(target["index"], shape, f"layer {target['tap']!r}")
        return
    shape = _shape_of(ir, ir["outputs"][0]) or []
    if kind == "class":
        if len(target["classes"]) not in (1, n):
            raise ValueError(msg.target_count(len(target["classes"]), n))
        for c in target["classes"]:
            _check_indices([c], shape, "the model's output")
    else:
        _check_indices(target["index"], shape, "the model's output")


def _check_indices(index: Sequence[int], shape: Sequence[object], what: str) -> None:
    inner = list(shape[1:])
    if len(index) > len(inner):
        raise ValueError(msg.target_arity(len(index), len(inner), shape))
    for i, size in zip(index, inner):
        if isinstance(size, int) and not 0 <= i < size:
            raise ValueError(msg.target_out_of_range(i, size, f"{what} (dimension of size {size})"))


def check_baselines(specs: Sequence[MethodSpec], x_shape: Sequence[int]) -> None:
    """User baseline tensors must be shaped like the inputs or one example."""
    for s in specs:
        for ref, t in s.tensors.items():
            shape = tuple(t.shape)
            if shape != tuple(x_shape) and shape != tuple(x_shape[1:]) and shape != (1,) + tuple(x_shape[1:]):
                raise ValueError(msg.baseline_shape(s.label, shape, x_shape))
