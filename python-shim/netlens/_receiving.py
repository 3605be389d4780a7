"""One browser→kernel transfer: a preallocated buffer filled chunk by chunk, in order.

No I/O here: `Transport` acks and answers with what this returns (docs/transport.md §2).
"""
from __future__ import annotations

import zlib
from typing import Any, List, Optional

from . import _messages as msg
from ._protocol import (
    KINDS,
    MSG_ACK,
    MSG_BEGIN,
    MSG_RECEIVED,
    Stopwatch,
    STATE_DONE,
    STATE_ERROR,
    STATE_SENDING,
    ProtocolError,
    TransferStatus,
    is_int,
    plan_chunks,
)



class Receiving:
    """A payload arriving from the browser, announced by `begin` (an nl:begin content).

    Example:
        >>> r = Receiving({"type": "nl:begin", "transfer": "t", "name": "view", "kind": "tensor",
        ...                "nbytes": 3, "n_chunks": 1, "chunk_bytes": 4, "crc32": None})
        >>> r.add_chunk({"transfer": "t", "seq": 0, "offset": 0}, [b"abc"])["type"]
        'nl:ack'
        >>> r.done, bytes(r.data)
        (True, b'abc')
    """

    def __init__(self, begin: dict) -> None:
        self.transfer = _field(begin, "transfer", str)
        self.name = _field(begin, "name", str)
        self.kind = _field(begin, "kind", str)
        if self.kind not in KINDS:
            raise ProtocolError(msg.bad_kind(self.kind, KINDS))
        self.nbytes = _field(begin, "nbytes", int)
        chunk_bytes = _field(begin, "chunk_bytes", int)
        n_chunks = _field(begin, "n_chunks", int)
        crc32 = begin.get("crc32")
        if crc32 is not None and not is_int(crc32):
            raise ProtocolError(msg.bad_field(MSG_BEGIN, "crc32", crc32))
        self.expected_crc32: Optional[int] = crc32
        try:
            self.plan = plan_chunks(self.nbytes, chunk_bytes)
        except ValueError as err:
            raise ProtocolError(str(err)) from err
        if n_chunks != len(self.plan):
            raise ProtocolError(msg.chunk_count_mismatch(n_chunks, len(self.plan)))
        self.data = bytearray(self.nbytes)
        self.received = 0
        self.state = STATE_SENDING
        self.error: Optional[str] = None
        self._clock = Stopwatch()
        self._clock.start()

    @property
    def done(self) -> bool:
        return self.received == len(self.plan)

    def add_chunk(self, content: dict, buffers: Any) -> dict:
        """Copy one chunk to its offset; returns the nl:ack content."""
        seq = content.get("seq")
        if seq != self.received or not is_int(seq):
            raise ProtocolError(msg.chunk_out_of_order(self.transfer, self.received, seq))
        buffers = list(buffers or [])
        if len(buffers) != 1:
            raise ProtocolError(msg.chunk_buffers(self.transfer, seq, len(buffers)))
        chunk = memoryview(buffers[0]).cast("B")
        offset, length = self.plan[seq]
        if content.get("offset") != offset or chunk.nbytes != length:
            raise ProtocolError(msg.chunk_mismatch(self.transfer, seq, content.get("offset"), chunk.nbytes, offset, length))
        self.data[offset : offset + length] = chunk
        self.received += 1
        return {"type": MSG_ACK, "transfer": self.transfer, "seq": seq}

    def finish(self) -> dict:
        """Check CRC-32 (when the sender gave one); returns the nl:received content."""
        crc32 = zlib.crc32(self.data) if self.expected_crc32 is not None else None
        if crc32 != self.expected_crc32:
            raise ProtocolError(msg.crc_mismatch(self.name, self.expected_crc32, crc32))
        self.state = STATE_DONE
        self._clock.stop()
        return {
            "type": MSG_RECEIVED,
            "transfer": self.transfer,
            "name": self.name,
            "nbytes": self.nbytes,
            "crc32": crc32,
            "ms": self._clock.ms,
        }

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
            nbytes=self.nbytes,
            n_chunks=len(self.plan),
            sent_chunks=self.received,
            acked_chunks=self.received,
            ms=self._clock.ms,
            error=self.error,
        )



def _field(content: dict, name: str, kind: type) -> Any:
    value = content.get(name)
    ok = is_int(value) if kind is int else isinstance(value, kind)
    if not ok or (kind is int and value < 0):
        raise ProtocolError(msg.bad_field(MSG_BEGIN, name, value))
    return value
