"""netlens widgets (ipywidgets models; their browser halves live in src/widgets/)."""
from .attention_view import AttentionView
from .attribution import Attribution
from .hidden_state_view import HiddenStateView
from .loss_landscape import LossLandscape
from .model_view import ModelView
from .tensor_view import TensorView

__all__ = ["AttentionView", "Attribution", "HiddenStateView", "LossLandscape", "ModelView", "TensorView"]
