"""Hidden states of recurrent models, LSTMVis-style (Strobelt et al. 2018): select units that are on
across a token range, then match the corpus for other ranges where the same units are on.

The corpus stays in the kernel (a 1M-token × D array is gigabytes); views pull windows on demand.

Example:
    >>> import numpy as np
    >>> h = np.zeros((10, 4), np.float32); h[2:5, 1] = 1; h[7:10, 1] = 1; h[2:5, 3] = 1
    >>> select_units(h, 2, 5, threshold=0.5)
    [1, 3]
    >>> [(m.start, m.end) for m in match(h, [1], threshold=0.5)]
    [(2, 5), (7, 10)]
"""
from ._select import Match, match, on_runs, select_units

__all__ = ["Match", "match", "on_runs", "select_units"]
