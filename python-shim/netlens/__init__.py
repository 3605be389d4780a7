"""netlens: see inside neural networks in Jupyter.

Tensors travel from the kernel to the browser as Apache Arrow; the browser computes
(TensorFlow.js) and draws (Vega-Lite).

Example:
    >>> import numpy as np, netlens
    >>> netlens.TensorView(np.random.rand(3, 32, 32))  # doctest: +SKIP
"""
from ._version import __version__
from .bridge import export
from . import landscape
from . import attention, hidden
from .widgets import AttentionView, Attribution, HiddenStateView, LossLandscape, ModelView, TensorView

__all__ = ["AttentionView", "Attribution", "HiddenStateView", "LossLandscape", "ModelView", "TensorView", "__version__", "attention", "export", "hidden",
           "landscape"]


def _jupyter_labextension_paths() -> list[dict[str, str]]:
    """Where JupyterLab finds the prebuilt extension shipped inside this package."""
    return [{"src": "labextension", "dest": "netlens"}]
