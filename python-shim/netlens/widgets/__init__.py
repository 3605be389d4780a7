"""netlens widgets (ipywidgets models; their browser halves live in src/widgets/)."""
from .tensor_view import TensorView

__all__ = ["TensorView"]
