"""Attribution: Captum's method family, computed in the browser (TF.js) or in the kernel (Captum).

- `_specs.py`   method and target specs in Captum's words, checked once, shared by both paths;
- `_captum.py`  the kernel path (KernelAttribution), also the tests' reference;
- the widget is netlens.widgets.attribution.Attribution.
"""
from ._captum import KernelAttribution
from ._specs import METHODS, MethodSpec, normalize_methods, normalize_target

__all__ = ["KernelAttribution", "METHODS", "MethodSpec", "normalize_methods", "normalize_target"]
