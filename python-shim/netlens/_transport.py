"""Chunked, acknowledged payload transport over one widget's comm (docs/transport.md §2).

Pipeline:
  1. `put(name, payload, kind)` stores the payload (the latest put of a name wins).
  2. The browser says `nl:ready`; every stored payload starts a transfer: `nl:begin`, then up
     to WINDOW `nl:chunk`s, one more per `nl:ack`, until `nl:received` (or `nl:error`).
  3. In the other direction the kernel fills a preallocated buffer from the browser's chunks,
     acks each, answers `nl:received` and hands the bytes to `on_payload` callbacks.

Example:
    >>> t = Transport(widget)                                   # doctest: +SKIP
    >>> t.put("x", tensor_to_ipc(x)[0], "tensor", verify=True)   # doctest: +SKIP
    >>> t.transfers["x"].state                                   # doctest: +SKIP
    'done'
"""
from __future__ import annotations

import zlib
from typing import Any, Callable, Dict, List, Optional

from . import _messages as msg
from ._protocol import (
    CHUNK_BYTES,
    KINDS,
    MSG_ACK,
    MSG_BEGIN,
    MSG_CHUNK,
    MSG_ERROR,
    MSG_READY,
    MSG_RECEIVED,
    WINDOW,
    ProtocolError,
    TransferStatus,
    TransportError,
    plan_chunks,
)
from ._receiving import Receiving
from ._sending import Sending

__all__ = ["CHUNK_BYTES", "WINDOW", "Transport", "TransferStatus", "TransportError", "plan_chunks"]

PayloadCallback = Callable[[str, memoryview], None]


class _Payload:
    """A stored outgoing payload: kept so `nl:ready` can send it again (page reload, new view)."""

    def __init__(self, kind: str, data: memoryview, crc32: Optional[int]) -> None:
        self.kind = kind
        self.data = data
        self.crc32 = crc32


class Transport:
    """Sends named payloads to one widget's browser model and receives its results.

    `widget` needs `on_msg(callback, remove=False)` and `send(content, buffers)` (an
    ipywidgets Widget). `on_progress(TransferStatus)` runs on every state change,
    `on_error(TransportError)` on every failed transfer.
    """

    def __init__(
        self,
        widget: Any,
        *,
        on_progress: Optional[Callable[[TransferStatus], None]] = None,
        on_error: Optional[Callable[[TransportError], None]] = None,
        chunk_bytes: int = CHUNK_BYTES,
        window: int = WINDOW,
        eager: bool = False,
    ) -> None:
        """eager=True starts sending at `put` instead of waiting for `nl:ready`: in JupyterLab,
        messages that follow a comm_open reach the model once it exists, which saves the
        `nl:ready` round trip (~50 ms, most of a small tensor's time). The browser only says
        `nl:ready` when no `nl:begin` reached it, and then everything is sent again."""
        plan_chunks(0, chunk_bytes)  # validates chunk_bytes
        self.on_progress = on_progress
        self.on_error = on_error
        self.chunk_bytes = chunk_bytes
        self.window = window
        self.ready = eager
        self.errors: List[TransportError] = []
        self._widget = widget
        self._payloads: Dict[str, _Payload] = {}
        self._sending: Dict[str, Sending] = {}
        self._receiving: Dict[str, Receiving] = {}  # by transfer id
        self._finished: Dict[str, TransferStatus] = {}  # incoming, by name
        self._listeners: Dict[str, List[PayloadCallback]] = {}
        self._handlers = {
            MSG_READY: self._on_ready,
            MSG_ACK: self._on_ack,
            MSG_RECEIVED: self._on_received,
            MSG_ERROR: self._on_remote_error,
            MSG_BEGIN: self._on_begin,
            MSG_CHUNK: self._on_chunk,
        }
        widget.on_msg(self._handle)

    # --- public API -------------------------------------------------------------------------

    @property
    def transfers(self) -> Dict[str, TransferStatus]:
        """Kernel→browser transfers by payload name: the latest transfer of each."""
        return {name: sending.status() for name, sending in self._sending.items()}

    @property
    def incoming(self) -> Dict[str, TransferStatus]:
        """Browser→kernel transfers by payload name: in progress, else the latest finished."""
        statuses = dict(self._finished)
        statuses.update({r.name: r.status() for r in self._receiving.values()})
        return statuses

    def put(self, name: str, payload: Any, kind: str, *, verify: bool = False) -> None:
        """Store `payload` (pa.Buffer, bytes, memoryview) as `name`; send it when the browser is ready.

        A put supersedes the previous payload of `name`, also mid-transfer. verify=True sends the
        payload's CRC-32 so the browser checks the assembled bytes.
        """
        if kind not in KINDS:
            raise ValueError(msg.bad_kind(kind, KINDS))
        data = memoryview(payload).cast("B")
        self._payloads[name] = _Payload(kind, data, zlib.crc32(data) if verify else None)
        if self.ready:
            self._start(name)

    def payload_crc32(self, name: str) -> Optional[int]:
        """CRC-32 of the payload `name` as stored (None unless it was put with verify=True)."""
        payload = self._payloads.get(name)
        return None if payload is None else payload.crc32

    def discard(self, name: str) -> None:
        """Forget a payload; an unfinished transfer of it stops sending."""
        self._payloads.pop(name, None)
        self._sending.pop(name, None)

    def on_payload(self, name: str, callback: PayloadCallback, *, remove: bool = False) -> None:
        """Call `callback(kind, data)` with each payload `name` the browser sends.

        `data` is a memoryview of the assembled bytes, valid as long as it is referenced.
        """
        callbacks = self._listeners.setdefault(name, [])
        if remove:
            if callback in callbacks:
                callbacks.remove(callback)
        elif callback not in callbacks:
            callbacks.append(callback)

    def close(self) -> None:
        """Drop every payload, buffer and callback, and stop listening to the widget."""
        self._widget.on_msg(self._handle, remove=True)
        self._payloads.clear()
        self._sending.clear()
        self._receiving.clear()
        self._listeners.clear()
        self.ready = False

    # --- dispatch ---------------------------------------------------------------------------

    def _handle(self, widget: Any, content: Any, buffers: Any) -> None:
        """Comm callback; messages of other protocols are left to their own handlers."""
        if not isinstance(content, dict):
            return
        handler = self._handlers.get(content.get("type"))
        if handler is not None:
            handler(content, buffers)

    def _send(self, content: dict, buffers: Optional[list] = None) -> None:
        self._widget.send(content, buffers)

    # --- kernel → browser -------------------------------------------------------------------

    def _on_ready(self, content: dict, buffers: Any) -> None:
        self.ready = True
        for name in list(self._payloads):
            self._start(name)

    def _start(self, name: str) -> None:
        payload = self._payloads[name]
        sending = Sending(
            name, payload.kind, payload.data, payload.crc32, chunk_bytes=self.chunk_bytes, window=self.window
        )
        self._sending[name] = sending  # supersedes: acks of the old transfer no longer match
        self._send(sending.begin_message())
        self._progress(sending.status())
        self._pump(sending)

    def _pump(self, sending: Sending) -> None:
        while self._sending.get(sending.name) is sending:  # stop if superseded meanwhile
            item = sending.next_chunk()
            if item is None:
                return
            content, chunk = item
            self._send(content, [chunk])

    def _current(self, transfer: Any) -> Optional[Sending]:
        for sending in self._sending.values():
            if sending.transfer == transfer:
                return sending
        return None

    def _on_ack(self, content: dict, buffers: Any) -> None:
        sending = self._current(content.get("transfer"))
        if sending is None:
            return  # a late ack of a superseded transfer
        try:
            sending.ack(content.get("seq"))
        except ProtocolError as err:
            self._fail(sending, str(err), tell_browser=True)
            return
        self._progress(sending.status())
        self._pump(sending)

    def _on_received(self, content: dict, buffers: Any) -> None:
        sending = self._current(content.get("transfer"))
        if sending is None:
            return
        try:
            sending.received(content)
        except ProtocolError as err:
            self._fail(sending, str(err), tell_browser=True)
            return
        self._progress(sending.status())

    def _on_remote_error(self, content: dict, buffers: Any) -> None:
        transfer = content.get("transfer")
        target = self._current(transfer) or self._receiving.pop(transfer, None)
        name = target.name if target is not None else None
        message = msg.remote_error(name, content.get("message"))
        if target is None:
            self._record(TransportError(transfer if isinstance(transfer, str) else None, None, message))
        else:
            self._fail(target, message, tell_browser=False)

    # --- browser → kernel -------------------------------------------------------------------

    def _on_begin(self, content: dict, buffers: Any) -> None:
        try:
            receiving = Receiving(content)
        except ProtocolError as err:
            transfer = content.get("transfer")
            self._reply_error(transfer, str(err))
            self._record(TransportError(transfer if isinstance(transfer, str) else None, None, str(err)))
            return
        for transfer, other in list(self._receiving.items()):
            if other.name == receiving.name:
                del self._receiving[transfer]  # a new begin of a name supersedes the old one
        self._receiving[receiving.transfer] = receiving
        self._progress(receiving.status())
        if receiving.done:
            self._complete(receiving)

    def _on_chunk(self, content: dict, buffers: Any) -> None:
        transfer = content.get("transfer")
        receiving = self._receiving.get(transfer)
        if receiving is None:
            message = msg.unknown_transfer(transfer)
            self._reply_error(transfer, message)
            self._record(TransportError(transfer if isinstance(transfer, str) else None, None, message))
            return
        try:
            ack = receiving.add_chunk(content, buffers)
        except ProtocolError as err:
            self._fail(receiving, str(err), tell_browser=True)
            return
        self._send(ack)
        self._progress(receiving.status())
        if receiving.done:
            self._complete(receiving)

    def _complete(self, receiving: Receiving) -> None:
        try:
            reply = receiving.finish()
        except ProtocolError as err:
            self._fail(receiving, str(err), tell_browser=True)
            return
        del self._receiving[receiving.transfer]
        self._finished[receiving.name] = receiving.status()
        self._send(reply)
        self._progress(receiving.status())
        data = memoryview(receiving.data)
        for callback in list(self._listeners.get(receiving.name, [])):
            callback(receiving.kind, data)

    # --- errors and progress ------------------------------------------------------------------

    def _fail(self, target: Any, message: str, *, tell_browser: bool) -> None:
        target.fail(message)
        if isinstance(target, Receiving):
            self._receiving.pop(target.transfer, None)
            self._finished[target.name] = target.status()
        if tell_browser:
            self._reply_error(target.transfer, message)
        self._progress(target.status())
        self._record(TransportError(target.transfer, target.name, message))

    def _reply_error(self, transfer: Any, message: str) -> None:
        self._send({"type": MSG_ERROR, "transfer": transfer if isinstance(transfer, str) else None, "message": message})

    def _record(self, error: TransportError) -> None:
        self.errors.append(error)
        if self.on_error is not None:
            self.on_error(error)

    def _progress(self, status: TransferStatus) -> None:
        if self.on_progress is not None:
            self.on_progress(status)
