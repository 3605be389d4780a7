"""netlens widgets (ipywidgets models; their browser halves live in src/widgets/)."""
from .model_view import ModelView
from .tensor_view import TensorView

__all__ = ["ModelView", "TensorView"]
