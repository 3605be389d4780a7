"""Panel labels for TensorView: one per item (4-D) or per channel (3-D), sent as a table."""
from __future__ import annotations

from typing import Any, Sequence, Tuple

import numpy as np

from .. import _messages as msg
from .._arrow import table_to_ipc
from ._dim_order import dim_size

#: The dimension labels name, by rank.
_LABELLED_DIM = {3: "C", 4: "N"}


def labels_payload(labels: Any, shape: Sequence[int], dim_order: str) -> Any:
    """Check the count against the grid and encode; a list of str becomes one column `label`.

    Example:
        >>> labels_payload(["cat", "dog"], (2, 3, 8, 8), "NCHW").size > 0
        True
    """
    dim = _LABELLED_DIM.get(len(shape))
    if dim is None:
        raise ValueError(msg.labels_for_grids(shape))
    table_like, count = _normalize(labels)
    expected = dim_size(shape, dim_order, dim)
    if count != expected:
        raise ValueError(msg.labels_length(count, expected, dim, shape))
    return table_to_ipc(table_like)


def no_labels_payload() -> Any:
    """A zero-row label table: tells the browser to drop labels it shows."""
    return table_to_ipc([])


def _normalize(labels: Any) -> Tuple[Any, int]:
    """(something table_to_ipc takes, row count)."""
    if isinstance(labels, np.ndarray) and labels.ndim == 1:
        labels = labels.tolist()
    if isinstance(labels, (list, tuple)):
        items = [str(item) for item in labels]
        return items, len(items)
    if hasattr(labels, "num_rows"):  # pyarrow Table / RecordBatch
        return labels, int(labels.num_rows)
    if (type(labels).__module__ or "").startswith("pandas") and hasattr(labels, "__len__"):
        return labels, len(labels)
    raise TypeError(msg.unknown_labels(type(labels).__name__))
