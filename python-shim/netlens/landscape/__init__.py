"""Loss landscapes: slices of a model's loss through parameter space (Li et al. 2018; Goodfellow
et al. 2015), computed in the browser (src/methods/landscape) or here with PyTorch, optionally on Dask.

  1. a Plane (_plane.py): an origin, one or two directions (_directions.py: random with filter /
     layer / model normalization, differences of models, PCA of a training path) and coordinates;
  2. the loss and accuracy at each grid point (_evaluate.py; _dask.py spreads rows over workers);
  3. the LossLandscape widget draws them (netlens.widgets.loss_landscape).
"""
from ._directions import IGNORES, NORMALIZATIONS, filter_norms, normalize, parameters, pca_directions, random_direction
from ._evaluate import LOSSES, evaluate
from ._dask import evaluate_dask
from ._plane import MAX_RESOLUTION, Plane, axis, interpolation, plane_through, random_line, random_plane, trajectory

__all__ = ["IGNORES", "LOSSES", "MAX_RESOLUTION", "NORMALIZATIONS", "Plane", "axis", "evaluate", "evaluate_dask",
           "filter_norms", "interpolation", "normalize", "parameters", "pca_directions", "plane_through",
           "random_direction", "random_line", "random_plane", "trajectory"]
