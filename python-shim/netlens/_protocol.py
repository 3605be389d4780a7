"""The chunk protocol's vocabulary: message types, limits and the chunk plan (docs/transport.md §2).

Example:
    >>> plan_chunks(10, chunk_bytes=4)
    [(0, 4), (4, 4), (8, 2)]
"""
from __future__ import annotations

import time
from dataclasses import dataclass
from typing import List, Optional, Tuple

from . import _messages as msg

#: Payload bytes per comm message. Tornado rejects browser→kernel websocket messages over
#: 10 MiB; 8 MiB keeps both directions alike and the 64 KiB headroom covers the JSON header.
CHUNK_BYTES = 8 * 1024 * 1024 - 64 * 1024

#: Chunks in flight without an ack. Back-pressure bounds memory on both sides and keeps us far
#: below jupyter_server's iopub limit of 1000 msgs/s.
WINDOW = 4

MSG_READY = "nl:ready"
MSG_BEGIN = "nl:begin"
MSG_CHUNK = "nl:chunk"
MSG_ACK = "nl:ack"
MSG_RECEIVED = "nl:received"
MSG_ERROR = "nl:error"
#: Kernel asks the browser for a result (TensorView.fetch_view); the answer is a payload.
MSG_REQUEST = "nl:request"

KINDS = ("tensor", "table", "tensors")

#: TransferStatus.ms and nl:received `ms` are milliseconds.
MS_PER_SECOND = 1000.0

#: TransferStatus.state values, in the order a transfer goes through them.
STATE_PENDING = "pending"
STATE_SENDING = "sending"
STATE_DONE = "done"
STATE_ERROR = "error"


class ProtocolError(ValueError):
    """A message broke the chunk protocol; the transfer it names fails."""


@dataclass(frozen=True)
class TransferStatus:
    """Progress of one transfer, a snapshot.

    For kernel→browser transfers `sent_chunks`/`acked_chunks` count chunks sent and acked by
    the browser; for browser→kernel ones, chunks received and acked by the kernel.
    `ms` is the wall time from nl:begin to completion (None until done).
    """

    name: str
    transfer: str
    kind: str
    state: str
    nbytes: int
    n_chunks: int
    sent_chunks: int = 0
    acked_chunks: int = 0
    ms: Optional[float] = None
    error: Optional[str] = None


@dataclass(frozen=True)
class TransportError:
    """An error of one transfer (or of the transport when `transfer` is None)."""

    transfer: Optional[str]
    name: Optional[str]
    message: str

    def __str__(self) -> str:
        return self.message


def plan_chunks(nbytes: int, chunk_bytes: int = CHUNK_BYTES) -> List[Tuple[int, int]]:
    """(offset, length) of each chunk: contiguous, each ≤ chunk_bytes, covering [0, nbytes).

    An empty payload has no chunks; its transfer completes on nl:begin.
    """
    if not is_int(chunk_bytes) or chunk_bytes <= 0:
        raise ValueError(msg.bad_chunk_size(chunk_bytes))
    if not is_int(nbytes) or nbytes < 0:
        raise ValueError(msg.bad_nbytes(nbytes))
    return [(offset, min(chunk_bytes, nbytes - offset)) for offset in range(0, nbytes, chunk_bytes)]


def is_int(value: object) -> bool:
    """A JSON integer (bool is an int in Python, not on the wire)."""
    return isinstance(value, int) and not isinstance(value, bool)


class Stopwatch:
    """Milliseconds from `start()` to the first `stop()` after it; `ms` is None until then."""

    def __init__(self) -> None:
        self._started: Optional[float] = None
        self.ms: Optional[float] = None

    def start(self) -> None:
        self._started = time.perf_counter()

    def stop(self) -> None:
        if self._started is not None and self.ms is None:
            self.ms = (time.perf_counter() - self._started) * MS_PER_SECOND
