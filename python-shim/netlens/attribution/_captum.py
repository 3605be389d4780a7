"""The kernel path of attribution: the same method specs, computed by Captum with PyTorch.

Used when a model cannot run in the browser (an op outside the IR, too big) or compute="kernel",
and as the reference the browser's methods are tested against (tests/fixtures/attribution.py).

Pipeline:
  1. wrap the model so Captum sees one float input x and, when the target is a layer's element or
     channel, one scalar output (`_Attributed`): token models take their embedding's output as x
     (a forward hook feeds it in), other inputs stay fixed and are repeated to Captum's batches;
  2. map the spec's parameters (Captum's own names) onto the Captum class;
  3. return numpy attributions (and Captum's convergence delta where it has one).

Example:
    >>> import torch
    >>> from netlens.attribution._captum import KernelAttribution
    >>> from netlens.attribution._specs import MethodSpec
    >>> model = torch.nn.Sequential(torch.nn.Linear(4, 3)).eval()
    >>> k = KernelAttribution(model, (torch.ones(2, 4),))
    >>> a, delta = k.attribute(MethodSpec("ixg", "input_x_gradient"), {"kind": "class", "classes": [0, 2]})
    >>> a.shape, delta
    ((2, 4), None)
"""
from __future__ import annotations

import warnings
from typing import Any, Dict, List, Optional, Sequence, Tuple

import numpy as np

from . import _messages as msg
from ._specs import MethodSpec

#: Captum's defaults that the browser shares (src/methods/attribution).
DEFAULT_BLUR_SIGMA = 10.0
#: Input elements per IG pass unless told (src/methods/attribution/integrated-gradients.ts DEFAULT_INTERNAL_ELEMENTS).
DEFAULT_INTERNAL_ELEMENTS = 2**18


def _captum():
    try:
        import captum.attr as attr  # noqa: F401
    except ImportError:  # pragma: no cover — captum is a test dependency
        raise ImportError(msg.captum_missing()) from None
    return attr


def module_at(model: Any, path: str) -> Any:
    """The submodule at a PyTorch module path ("layer4.1.conv2", "features.3")."""
    m = model
    for part in path.split("."):
        m = m[int(part)] if part.isdigit() and not hasattr(m, part) else getattr(m, part)
    return m


class _Attributed:
    """Builds nn.Modules that take x (an input, or an embedding's output) and return the model's
    output — or, for a layer target, one scalar per row."""

    def __init__(self, model: Any, inputs: Tuple[Any, ...], x_index: int, embedding: Optional[str]):
        self.model, self.inputs, self.x_index, self.embedding = model, inputs, x_index, embedding

    def module(self, order: str = "repeat", tap: Optional[dict] = None) -> Any:
        import torch

        outer = self

        class Wrapped(torch.nn.Module):
            def __init__(self):
                super().__init__()
                self.model = outer.model

            def forward(self, x):
                k = x.shape[0] // outer.inputs[0].shape[0]
                tiled = [t.repeat((k,) + (1,) * (t.dim() - 1)) if order == "repeat" else t.repeat_interleave(k, 0)
                         for t in outer.inputs]
                handles = []
                if outer.embedding is not None:
                    handles.append(module_at(self.model, outer.embedding).register_forward_hook(lambda m, i, o: x))
                else:
                    tiled[outer.x_index] = x
                seen: Dict[str, Any] = {}
                if tap is not None:
                    handles.append(module_at(self.model, tap["tap"]).register_forward_hook(
                        lambda m, i, o: seen.__setitem__("t", o[0] if isinstance(o, tuple) else o)))
                try:
                    out = self.model(*tiled)
                finally:
                    for h in handles:
                        h.remove()
                if tap is None:
                    return out[0] if isinstance(out, (tuple, list)) else out
                t = seen["t"]
                sel = t[(slice(None),) + tuple(tap["index"])]
                flat = sel.reshape(sel.shape[0], -1)
                s = flat.mean(1) if tap.get("reduce", "mean") == "mean" else flat.sum(1)
                return s.unsqueeze(1)

        return Wrapped().eval()


class KernelAttribution:
    """Captum on one model and one batch of inputs.

    inputs: the model's positional inputs (torch tensors, batch first). at: None (the first float
    input) or the module path of an embedding whose output is attributed to (token models).
    """

    def __init__(self, model: Any, inputs: Sequence[Any], at: Optional[str] = None):
        import torch

        self.model = model.eval()
        self.inputs = tuple(torch.as_tensor(np.asarray(t)) if not isinstance(t, torch.Tensor) else t.detach() for t in inputs)
        floats = [i for i, t in enumerate(self.inputs) if t.is_floating_point()]
        self.x_index = floats[0] if floats else 0
        self.at = at
        self.wrap = _Attributed(self.model, self.inputs, self.x_index, at)
        self.x = self._embedding_value() if at is not None else self.inputs[self.x_index].float()

    def outputs(self) -> np.ndarray:
        """The model's first output for the batch."""
        import torch

        with torch.no_grad():
            out = self.model(*self.inputs)
        out = out[0] if isinstance(out, (tuple, list)) else out
        return out.detach().float().numpy()

    def attribute(self, spec: MethodSpec, target: dict, given: Optional[Dict[str, Any]] = None) -> Tuple[np.ndarray, Optional[np.ndarray]]:
        """Attributions [N, ...x] and the convergence delta [N] (None where Captum has none).
        `target` is a resolved target: class (per example or one), index, or tap."""
        import torch

        given = dict(given or {})
        tap = target if target["kind"] == "tap" else None
        captum_target = self._captum_target(target)
        x = self.x.clone()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            with torch.enable_grad():
                attributions, delta = self._run(spec, x, captum_target, tap, given)
        a = attributions.detach().float().numpy()
        d = None if delta is None else delta.detach().float().reshape(-1).numpy()
        return a, d

    # --- internals --------------------------------------------------------------------------

    def _embedding_value(self) -> Any:
        import torch

        seen = {}
        handle = module_at(self.model, self.at).register_forward_hook(lambda m, i, o: seen.setdefault("e", o.detach().clone()))
        try:
            with torch.no_grad():
                self.model(*self.inputs)
        finally:
            handle.remove()
        return seen["e"]

    def _captum_target(self, target: dict) -> Any:
        kind = target["kind"]
        if kind == "tap":
            return 0
        if kind == "index":
            return tuple(target["index"])
        if kind == "indices":
            return [tuple(i) for i in target["indices"]]
        classes = target["classes"]
        return classes[0] if len(classes) == 1 else list(classes)

    def _run(self, spec: MethodSpec, x: Any, target: Any, tap: Optional[dict], given: Dict[str, Any]):
        A = _captum()
        p = spec.params
        nt = spec.noise_tunnel
        forward = self.wrap.module("interleave" if nt else "repeat", tap)
        if nt is not None:
            inner = self._method(A, spec.method, forward, p)
            kwargs = self._kwargs(spec.method, p, x, given)
            noise = given.get("noise")
            with _FixedNoise(noise):
                if noise is None:
                    torch_seed(nt.get("seed", 0))
                out = A.NoiseTunnel(inner).attribute(x, nt_type=nt["type"], nt_samples=nt["samples"], stdevs=float(nt["stdev"]),
                                                     target=target, **kwargs)
            return out, None
        m = spec.method
        if m in ("saliency", "input_x_gradient", "occlusion", "guided_backprop", "deconvolution"):
            return self._method(A, m, forward, p).attribute(x, target=target, **self._kwargs(m, p, x, given)), None
        if m in ("integrated_gradients", "deeplift"):
            return self._method(A, m, forward, p).attribute(x, target=target, return_convergence_delta=True, **self._kwargs(m, p, x, given))
        if m == "grad_cam":
            cam = A.LayerGradCam(forward, module_at(forward.model, p["layer"])).attribute(
                x, target=target, relu_attributions=p.get("relu_attributions", True))
            mode = p.get("interpolate_mode", "bilinear")
            size = _upsample_size(x, cam, self.at is None)
            if mode is not None and size is not None:
                cam = A.LayerAttribution.interpolate(cam, size, mode)
            return cam, None
        if m == "guided_grad_cam":
            return A.GuidedGradCam(forward, module_at(forward.model, p["layer"])).attribute(
                x, target=target, interpolate_mode=p.get("interpolate_mode", "nearest")), None
        if m == "lrp":
            return _lrp(A, forward, x, target, p)
        raise ValueError(msg.unknown_method(m, []))

    def _method(self, A: Any, name: str, forward: Any, p: dict) -> Any:
        return {"saliency": A.Saliency, "input_x_gradient": A.InputXGradient, "integrated_gradients": A.IntegratedGradients,
                "occlusion": A.Occlusion, "guided_backprop": A.GuidedBackprop, "deconvolution": A.Deconvolution,
                "deeplift": lambda f: A.DeepLift(f, eps=p.get("eps", 1e-10))}[name](forward)

    def _kwargs(self, method: str, p: dict, x: Any, given: Dict[str, Any]) -> dict:
        if method == "saliency":
            return {"abs": p.get("abs", True)}
        if method == "integrated_gradients":
            per = int(np.prod(x.shape[1:])) or 1
            rows = p.get("internal_batch_size") or max(x.shape[0], DEFAULT_INTERNAL_ELEMENTS // per)
            return {"n_steps": p.get("n_steps", 50), "method": p.get("method", "gausslegendre"),
                    "baselines": baseline_tensor(p, x, given), "internal_batch_size": rows}
        if method == "deeplift":
            return {"baselines": baseline_tensor(p, x, given)}
        if method == "occlusion":
            b = p.get("baselines", 0)
            window = tuple(p.get("sliding_window_shapes") or default_window(tuple(x.shape)))
            kw = {"sliding_window_shapes": window, "baselines": _given_tensor(b, given) if isinstance(b, dict) else b,
                  "perturbations_per_eval": p.get("perturbations_per_eval", 16)}
            if p.get("strides") is not None:
                kw["strides"] = tuple(p["strides"])
            elif p.get("sliding_window_shapes") is None:
                kw["strides"] = window  # a default window steps by itself (run.ts)
            return kw
        return {}


def torch_seed(seed: int) -> None:
    import torch

    torch.manual_seed(seed)


def default_window(shape: Tuple[int, ...]) -> Tuple[int, ...]:
    """An eighth of each spatial side for images, one position for sequences, one feature for vectors (run.ts)."""
    dims = shape[1:]
    if len(dims) == 3:
        return (dims[0], max(1, round(dims[1] / 8)), max(1, round(dims[2] / 8)))
    if len(dims) == 2:
        return (1, dims[1])
    return tuple(1 for _ in dims)


def _upsample_size(x: Any, cam: Any, at_input: bool) -> Optional[Tuple[int, ...]]:
    if cam.dim() == 4 and x.dim() == 4:
        return tuple(x.shape[2:])
    if cam.dim() == 3 and x.dim() == 3:
        return (x.shape[2] if at_input else x.shape[1],)
    return None


def _given_tensor(ref: dict, given: Dict[str, Any]) -> Any:
    import torch

    t = given[ref["tensor"]]
    return torch.as_tensor(np.asarray(t)).float() if not isinstance(t, torch.Tensor) else t.float()


def baseline_tensor(p: dict, x: Any, given: Dict[str, Any]) -> Any:
    """The baseline as the browser builds it (src/methods/attribution/baselines.ts)."""
    import torch

    b = p.get("baselines", "zeros")
    if isinstance(b, dict):
        t = _given_tensor(b, given)
        return t.expand_as(x) if t.dim() == x.dim() - 1 or t.shape[0] == 1 else t
    if b == "zeros":
        return torch.zeros_like(x)
    if b == "blur":
        return gaussian_blur(x, float(p.get("blur_sigma", DEFAULT_BLUR_SIGMA)))
    gen = torch.Generator().manual_seed(int(p.get("seed", 0)))
    lo, hi = x.min(), x.max()
    return lo + (hi - lo) * torch.rand(x.shape, generator=gen)


def gaussian_blur(x: Any, sigma: float) -> Any:
    """Separable Gaussian blur of [N, C, H, W], reflected edges, ±3σ clipped to the image."""
    import torch
    import torch.nn.functional as F

    if x.dim() != 4:
        raise ValueError(f"a blurred baseline needs images [N, C, H, W]; the input has shape {list(x.shape)}")
    n, c, h, w = x.shape
    y = x.reshape(n * c, 1, h, w)
    for axis, size in ((2, h), (3, w)):
        radius = min(int(np.ceil(3 * sigma)), size - 1)
        if radius < 1:
            continue
        k = torch.exp(-(torch.arange(-radius, radius + 1, dtype=torch.float64) ** 2) / (2 * sigma * sigma))
        k = (k / k.sum()).float()
        if axis == 2:
            y = F.conv2d(F.pad(y, (0, 0, radius, radius), mode="reflect"), k.view(1, 1, -1, 1))
        else:
            y = F.conv2d(F.pad(y, (radius, radius, 0, 0), mode="reflect"), k.view(1, 1, 1, -1))
    return y.reshape(n, c, h, w)


class _FixedNoise:
    """Makes Captum's NoiseTunnel add the given noise ([N·samples, ...], each example's samples together)."""

    def __init__(self, noise: Any):
        self.noise = noise

    def __enter__(self):
        from captum.attr._core.noise_tunnel import NoiseTunnel

        self.saved = NoiseTunnel._add_noise_to_input
        if self.noise is not None:
            import torch

            noise = torch.as_tensor(np.asarray(self.noise)).float()

            def add(input, stdev, nt_samples_partition):  # noqa: A002 — Captum's signature
                return input.repeat_interleave(nt_samples_partition, dim=0) + noise

            NoiseTunnel._add_noise_to_input = staticmethod(add)
        return self

    def __exit__(self, *exc):
        from captum.attr._core.noise_tunnel import NoiseTunnel

        NoiseTunnel._add_noise_to_input = self.saved


def _lrp(A: Any, forward: Any, x: Any, target: Any, p: dict):
    """captum.attr.LRP with the spec's rules: `rule` on Linear/Conv layers unless `layer_rules`
    names one (longest module-path prefix wins), ε on pooling and BatchNorm (Captum's defaults).
    αβ is α1β0 with biases left out of z (the standard rule); other αβ, γ: Captum's GammaRule."""
    import torch.nn as nn
    from captum.attr._utils.lrp_rules import Alpha1_Beta0_Rule, EpsilonRule, GammaRule

    eps = p.get("epsilon", 1e-9)
    named = p.get("layer_rules", {})

    def rule_for(path: str) -> Any:
        best, length = p.get("rule", "epsilon"), -1
        for prefix, r in named.items():
            if (path == prefix or path.startswith(prefix + ".") or prefix == "") and len(prefix) > length:
                best, length = r, len(prefix)
        if best == "epsilon" or isinstance(best, dict) and best.get("rule") == "epsilon":
            return EpsilonRule(epsilon=best.get("epsilon", eps) if isinstance(best, dict) else eps)
        if best == "gamma" or isinstance(best, dict) and best.get("rule") == "gamma":
            return GammaRule(gamma=best.get("gamma", 0.25) if isinstance(best, dict) else 0.25)
        if best == "alpha1beta0" or isinstance(best, dict) and best.get("alpha") == 1:
            return Alpha1_Beta0_Rule(set_bias_to_zero=True)
        raise ValueError(msg.kernel_unsupported("lrp", f"Captum has no rule {best!r} (it has epsilon, gamma, alpha1beta0)"))

    touched = []
    for name, m in forward.model.named_modules():
        if len(list(m.children())) > 0:
            continue
        if isinstance(m, (nn.Conv1d, nn.Conv2d, nn.Linear)):
            m.rule = rule_for(name)
        elif isinstance(m, (nn.MaxPool2d, nn.AvgPool2d, nn.AdaptiveAvgPool2d, nn.BatchNorm2d)):
            m.rule = EpsilonRule(epsilon=eps)
        else:
            continue
        touched.append(m)
    try:
        return A.LRP(forward).attribute(x, target=target, return_convergence_delta=True)
    except TypeError as e:
        raise ValueError(msg.kernel_unsupported("lrp", str(e))) from None
    finally:
        for m in touched:
            if hasattr(m, "rule"):
                del m.rule
