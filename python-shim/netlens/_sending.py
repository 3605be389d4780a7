"""One kernel→browser transfer as a state machine: which chunk may go next, what is acked.

No I/O here: `Transport` sends what this returns, so the rules of docs/transport.md §2 can be
tested without a comm.
"""
from __future__ import annotations

import uuid
from typing import Optional, Tuple

from . import _messages as msg
from ._protocol import (
    MSG_BEGIN,
    MSG_CHUNK,
    Stopwatch,
    STATE_DONE,
    STATE_ERROR,
    STATE_PENDING,
    STATE_SENDING,
    ProtocolError,
    TransferStatus,
    is_int,
    plan_chunks,
)



def new_transfer_id(name: str) -> str:
    """Unique per transfer; the name prefix only helps a human reading logs."""
    return f"{name}-{uuid.uuid4().hex}"


class Sending:
    """A payload on its way to the browser.

    Example:
        >>> s = Sending("x", "tensor", memoryview(b"abcdef"), None, chunk_bytes=4, window=1)
        >>> s.begin_message()["n_chunks"]
        2
        >>> s.next_chunk()[0]["seq"], s.next_chunk()
        (0, None)
    """

    def __init__(
        self, name: str, kind: str, payload: memoryview, crc32: Optional[int], *, chunk_bytes: int, window: int
    ) -> None:
        self.transfer = new_transfer_id(name)
        self.name = name
        self.kind = kind
        self.payload = payload
        self.crc32 = crc32
        self.chunk_bytes = chunk_bytes
        self.window = window
        self.plan = plan_chunks(payload.nbytes, chunk_bytes)
        self.sent = 0
        self.acked = 0
        self.state = STATE_PENDING
        self.error: Optional[str] = None
        self._clock = Stopwatch()

    def begin_message(self) -> dict:
        """The nl:begin content; starts the clock."""
        self._clock.start()
        self.state = STATE_SENDING
        return {
            "type": MSG_BEGIN,
            "transfer": self.transfer,
            "name": self.name,
            "kind": self.kind,
            "nbytes": self.payload.nbytes,
            "n_chunks": len(self.plan),
            "chunk_bytes": self.chunk_bytes,
            "crc32": self.crc32,
        }

    def next_chunk(self) -> Optional[Tuple[dict, memoryview]]:
        """The next chunk if the window allows it (marked sent), else None.

        One at a time, so a handler that runs while a chunk is being sent cannot reorder chunks.
        The buffer is a zero-copy slice of the payload.
        """
        if self.state != STATE_SENDING or self.sent >= len(self.plan) or self.sent - self.acked >= self.window:
            return None
        offset, length = self.plan[self.sent]
        content = {"type": MSG_CHUNK, "transfer": self.transfer, "seq": self.sent, "offset": offset}
        self.sent += 1
        return content, self.payload[offset : offset + length]

    def ack(self, seq: object) -> None:
        """Acks are cumulative: an ack of k releases every chunk up to k."""
        if not is_int(seq) or seq < 0 or seq >= self.sent:
            raise ProtocolError(msg.bad_ack(self.transfer, seq, self.sent))
        self.acked = max(self.acked, seq + 1)

    def received(self, content: dict) -> None:
        """The browser has the whole payload: check size (and CRC-32 when verifying)."""
        nbytes = content.get("nbytes")
        if nbytes != self.payload.nbytes:
            raise ProtocolError(msg.size_mismatch(self.name, self.payload.nbytes, nbytes))
        if self.crc32 is not None and content.get("crc32") != self.crc32:
            raise ProtocolError(msg.crc_mismatch(self.name, self.crc32, content.get("crc32")))
        self.acked = self.sent = len(self.plan)
        self.state = STATE_DONE
        self._clock.stop()

    def fail(self, message: str) -> None:
        self.state = STATE_ERROR
        self.error = message
        self._clock.stop()

    def status(self) -> TransferStatus:
        return TransferStatus(
            name=self.name,
            transfer=self.transfer,
            kind=self.kind,
            state=self.state,
            nbytes=self.payload.nbytes,
            n_chunks=len(self.plan),
            sent_chunks=self.sent,
            acked_chunks=self.acked,
            ms=self._clock.ms,
            error=self.error,
        )

