"""Which letters name a tensor's dimensions (N batch, C channels, H height, W width).

Example:
    >>> infer_dim_order((32, 32, 3))
    'HWC'
    >>> dim_size((8, 3, 32, 32), "NCHW", "C")
    3
"""
from __future__ import annotations

from typing import Dict, Optional, Sequence, Tuple

#: The dimension orders TensorView can draw, by rank. Every order ends in H, W (or W) because
#: panels are images; N and C tile panels into a grid.
DIM_ORDERS: Dict[int, Tuple[str, ...]] = {
    1: ("W",),
    2: ("HW",),
    3: ("CHW", "HWC"),
    4: ("NCHW", "NHWC"),
}
MIN_RANK = min(DIM_ORDERS)
MAX_RANK = max(DIM_ORDERS)

#: Channel counts that can be drawn as colour: RGB and RGBA.
RGB_CHANNELS = (3, 4)


def allowed_dim_orders(rank: int) -> Tuple[str, ...]:
    return DIM_ORDERS.get(rank, ())


def infer_dim_order(shape: Sequence[int]) -> str:
    """Channels-last only when the last dim looks like colour and the channels-first slot does not.

    A (3, 32, 32) or (3, 64, 3) tensor stays channels-first (PyTorch's convention).
    """
    rank = len(shape)
    if rank == 3:
        return "HWC" if _looks_rgb(shape[-1]) and not _looks_rgb(shape[0]) else "CHW"
    if rank == 4:
        return "NHWC" if _looks_rgb(shape[-1]) and not _looks_rgb(shape[1]) else "NCHW"
    return allowed_dim_orders(rank)[0]


def dim_size(shape: Sequence[int], dim_order: str, letter: str) -> Optional[int]:
    """Size of the dimension named `letter`, or None when the order has no such dimension."""
    if len(dim_order) != len(shape) or letter not in dim_order:
        return None
    return int(shape[dim_order.index(letter)])


def _looks_rgb(size: int) -> bool:
    return size in RGB_CHANNELS
