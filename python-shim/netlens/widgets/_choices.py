"""Values the TensorView traits accept; the browser implements each (src/views, src/widgets)."""
from __future__ import annotations

#: auto: rgb when C is 3 or 4 and dim_order is channels-last, else heatmap (decided in the browser).
MODES = ("auto", "heatmap", "rgb")

#: Sequential (viridis … blues) and diverging (redblue … redyellowblue) Vega schemes; auto
#: picks one from `scale`.
COLORMAPS = (
    "auto",
    "viridis",
    "magma",
    "inferno",
    "plasma",
    "cividis",
    "turbo",
    "greys",
    "blues",
    "reds",
    "redblue",
    "blueorange",
    "purplegreen",
    "spectral",
    "redyellowblue",
)

#: auto: diverging when the data has both signs, else sequential.
SCALES = ("auto", "sequential", "diverging")

#: auto follows JupyterLab's theme (--jp-* CSS variables).
THEMES = ("auto", "light", "dark")

#: Percentiles clipped at each end. At 50 the low and high cut-offs meet and every pixel gets
#: one colour, so the limit stays just below.
CLIP_PERCENTILE_MAX = 49.9
