"""Test doubles for the comm: a fake widget, and a browser that follows docs/transport.md.

MockBrowser plays src/transport's part: it preallocates on nl:begin, copies each chunk to its
offset, acks, checks CRC-32 and answers nl:received; it can also send payloads to the kernel.
Messages are queued, never delivered re-entrantly, as over a real comm.
"""
from __future__ import annotations

import zlib
from collections import deque

from netlens._protocol import (
    CHUNK_BYTES,
    MSG_ACK,
    MSG_BEGIN,
    MSG_CHUNK,
    MSG_ERROR,
    MSG_READY,
    MSG_RECEIVED,
    WINDOW,
    plan_chunks,
)


class FakeWidget:
    """The two things Transport needs from an ipywidgets Widget: on_msg and send."""

    def __init__(self):
        self.handlers = []
        self.sent = []

    def on_msg(self, callback, remove=False):
        if remove:
            if callback in self.handlers:
                self.handlers.remove(callback)
        elif callback not in self.handlers:
            self.handlers.append(callback)

    def send(self, content, buffers=None):
        self.sent.append((content, buffers))

    def _handle_custom_msg(self, content, buffers):
        for handler in list(self.handlers):
            handler(self, content, buffers)


class MockBrowser:
    """The JS side of one widget's transport.

    auto_ack=False holds acks until `release_acks`; corrupt=True flips a byte of every
    assembled payload before its CRC-32 is computed (as if a chunk were damaged).
    """

    def __init__(self, widget, *, auto_ack=True, corrupt=False):
        self.widget = widget
        self.auto_ack = auto_ack
        self.corrupt = corrupt
        widget.send = self._from_kernel  # an instance attribute shadows Widget.send
        self.queue = deque()
        self.log = []  # every kernel→browser message: (content, buffers)
        self.payloads = {}  # name → bytes of completed transfers
        self.kinds = {}  # name → kind
        self.errors = []  # nl:error contents from the kernel
        self.held_acks = []
        self.max_in_flight = 0
        self._in = {}  # transfer id → assembling state
        self._sent_by_kernel = {}  # transfer id → chunks the kernel has sent
        self._acked = {}  # transfer id → acks delivered to the kernel
        self.kernel_replies = []  # kernel→browser messages about browser→kernel transfers

    # --- driving -----------------------------------------------------------------------------

    def ready(self):
        self.deliver({"type": MSG_READY})
        self.pump()

    def deliver(self, content, buffers=()):
        self.widget._handle_custom_msg(content, list(buffers))

    def pump(self):
        while self.queue:
            content, buffers = self.queue.popleft()
            self._handle(content, buffers)

    def release_acks(self, count=None):
        count = len(self.held_acks) if count is None else count
        for _ in range(count):
            self._deliver_ack(self.held_acks.pop(0))
        self.pump()

    def types(self):
        return [content["type"] for content, _ in self.log]

    # --- kernel → browser --------------------------------------------------------------------

    def _from_kernel(self, content, buffers=None):
        buffers = list(buffers or [])
        self.log.append((content, buffers))
        if content.get("type") == MSG_CHUNK:
            tid = content["transfer"]
            self._sent_by_kernel[tid] = self._sent_by_kernel.get(tid, 0) + 1
            in_flight = self._sent_by_kernel[tid] - self._acked.get(tid, 0)
            self.max_in_flight = max(self.max_in_flight, in_flight)
        self.queue.append((content, buffers))

    def _handle(self, content, buffers):
        kind = content.get("type")
        if kind == MSG_BEGIN:
            self._begin(content)
        elif kind == MSG_CHUNK:
            self._chunk(content, buffers)
        elif kind == MSG_ERROR:
            self.errors.append(content)
        elif kind in (MSG_ACK, MSG_RECEIVED):
            self.kernel_replies.append(content)

    def _begin(self, content):
        for tid, state in list(self._in.items()):
            if state["name"] == content["name"]:
                del self._in[tid]  # superseded
        assert content["n_chunks"] == len(plan_chunks(content["nbytes"], content["chunk_bytes"]))
        self._in[content["transfer"]] = {
            "name": content["name"],
            "kind": content["kind"],
            "data": bytearray(content["nbytes"]),
            "n_chunks": content["n_chunks"],
            "next": 0,
            "crc32": content["crc32"],
        }
        if content["n_chunks"] == 0:
            self._finish(content["transfer"])

    def _chunk(self, content, buffers):
        tid = content["transfer"]
        state = self._in.get(tid)
        if state is None:
            return  # superseded transfer: its chunks are dropped
        assert len(buffers) == 1, "exactly one buffer per chunk"
        assert content["seq"] == state["next"], "chunks arrive in order"
        chunk = memoryview(buffers[0]).cast("B")
        assert chunk.nbytes <= CHUNK_BYTES
        state["data"][content["offset"] : content["offset"] + chunk.nbytes] = chunk
        state["next"] += 1
        ack = {"type": MSG_ACK, "transfer": tid, "seq": content["seq"]}
        if self.auto_ack:
            self._deliver_ack(ack)
        else:
            self.held_acks.append(ack)
        if state["next"] == state["n_chunks"]:
            self._finish(tid)

    def _deliver_ack(self, ack):
        self._acked[ack["transfer"]] = self._acked.get(ack["transfer"], 0) + 1
        self.deliver(ack)

    def _finish(self, tid):
        state = self._in.pop(tid)
        data = state["data"]
        if self.corrupt and data:
            data[0] ^= 0xFF
        crc = zlib.crc32(data) if state["crc32"] is not None else None
        self.payloads[state["name"]] = bytes(data)
        self.kinds[state["name"]] = state["kind"]
        self.deliver(
            {"type": MSG_RECEIVED, "transfer": tid, "name": state["name"], "nbytes": len(data), "crc32": crc, "ms": 1.0}
        )

    # --- browser → kernel --------------------------------------------------------------------

    def send_payload(self, name, kind, data, *, transfer="b-1", chunk_bytes=CHUNK_BYTES, crc32=None, window=WINDOW):
        """Send `data` to the kernel with the same windowed protocol; returns the kernel's replies."""
        data = memoryview(bytes(data))
        plan = plan_chunks(data.nbytes, chunk_bytes)
        start = len(self.kernel_replies)
        self.deliver(
            {
                "type": MSG_BEGIN,
                "transfer": transfer,
                "name": name,
                "kind": kind,
                "nbytes": data.nbytes,
                "n_chunks": len(plan),
                "chunk_bytes": chunk_bytes,
                "crc32": crc32,
            }
        )
        for seq, (offset, length) in enumerate(plan):
            self.pump()
            acks = [r for r in self.kernel_replies[start:] if r["type"] == MSG_ACK and r["transfer"] == transfer]
            assert seq - len(acks) < window, "browser keeps the window too"
            self.deliver({"type": MSG_CHUNK, "transfer": transfer, "seq": seq, "offset": offset}, [data[offset : offset + length]])
        self.pump()
        return self.kernel_replies[start:]
