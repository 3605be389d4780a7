"""netlens widgets (ipywidgets models; their browser halves live in src/widgets/)."""
from .attribution import Attribution
from .loss_landscape import LossLandscape
from .model_view import ModelView
from .tensor_view import TensorView

__all__ = ["Attribution", "LossLandscape", "ModelView", "TensorView"]
