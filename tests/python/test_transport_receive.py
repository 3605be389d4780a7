"""Browser → kernel: the kernel assembles, acks and hands the payload to callbacks."""
import zlib

import numpy as np
import pytest

from mock_browser import FakeWidget, MockBrowser
from netlens._protocol import MSG_ACK, MSG_BEGIN, MSG_CHUNK, MSG_RECEIVED
from netlens._transport import Transport

SMALL_CHUNK = 1000


def setup():
    widget = FakeWidget()
    transport = Transport(widget)
    browser = MockBrowser(widget)
    got = []
    transport.on_payload("view", lambda kind, data: got.append((kind, bytes(data))))
    return transport, browser, got


def data(nbytes, seed=0):
    return np.random.default_rng(seed).integers(0, 256, nbytes, dtype=np.uint8).tobytes()


@pytest.mark.parametrize("nbytes", [0, 1, SMALL_CHUNK, SMALL_CHUNK + 1, 17 * SMALL_CHUNK + 3])
def test_reassembly_and_acks(nbytes):
    transport, browser, got = setup()
    payload = data(nbytes)
    crc = zlib.crc32(payload)
    replies = browser.send_payload("view", "tensor", payload, chunk_bytes=SMALL_CHUNK, crc32=crc)
    acks = [r for r in replies if r["type"] == MSG_ACK]
    assert [a["seq"] for a in acks] == list(range(-(-nbytes // SMALL_CHUNK)))
    received = replies[-1]
    assert received["type"] == MSG_RECEIVED and received["transfer"] == "b-1" and received["name"] == "view"
    assert received["nbytes"] == nbytes and received["crc32"] == crc and received["ms"] >= 0
    assert got == [("tensor", payload)]
    assert transport.incoming["view"].state == "done"


def test_crc_is_null_when_sender_gives_none():
    _, browser, got = setup()
    replies = browser.send_payload("view", "tensor", b"abc")
    assert replies[-1]["crc32"] is None and got == [("tensor", b"abc")]


def test_crc_mismatch_fails_and_skips_callbacks():
    transport, browser, got = setup()
    browser.send_payload("view", "tensor", b"abc", crc32=zlib.crc32(b"abd"))
    assert got == []
    assert browser.errors and browser.errors[0]["transfer"] == "b-1"
    assert transport.incoming["view"].state == "error"


def test_gap_in_sequence_is_an_error():
    transport, browser, got = setup()
    begin = {"type": MSG_BEGIN, "transfer": "t", "name": "view", "kind": "tensor", "nbytes": 20,
             "n_chunks": 2, "chunk_bytes": 10, "crc32": None}
    browser.deliver(begin)
    browser.deliver({"type": MSG_CHUNK, "transfer": "t", "seq": 1, "offset": 10}, [b"x" * 10])
    browser.pump()
    assert "expected chunk 0" in browser.errors[0]["message"]
    assert transport.incoming["view"].state == "error" and got == []


def test_unknown_transfer_is_an_error():
    transport, browser, _ = setup()
    browser.deliver({"type": MSG_CHUNK, "transfer": "nope", "seq": 0, "offset": 0}, [b"x"])
    browser.pump()
    assert browser.errors[0]["transfer"] == "nope"
    assert "unknown transfer" in transport.errors[0].message


@pytest.mark.parametrize("buffers", [[], [b"ab", b"cd"]])
def test_chunk_needs_exactly_one_buffer(buffers):
    _, browser, _ = setup()
    browser.deliver({"type": MSG_BEGIN, "transfer": "t", "name": "view", "kind": "tensor", "nbytes": 4,
                     "n_chunks": 1, "chunk_bytes": 10, "crc32": None})
    browser.deliver({"type": MSG_CHUNK, "transfer": "t", "seq": 0, "offset": 0}, buffers)
    browser.pump()
    assert "exactly one" in browser.errors[0]["message"]


def test_wrong_chunk_length_is_an_error():
    _, browser, _ = setup()
    browser.deliver({"type": MSG_BEGIN, "transfer": "t", "name": "view", "kind": "tensor", "nbytes": 4,
                     "n_chunks": 1, "chunk_bytes": 10, "crc32": None})
    browser.deliver({"type": MSG_CHUNK, "transfer": "t", "seq": 0, "offset": 0}, [b"abc"])
    browser.pump()
    assert "expected offset 0 and 4 bytes" in browser.errors[0]["message"]


@pytest.mark.parametrize(
    "field, value", [("nbytes", -1), ("n_chunks", 5), ("kind", "image"), ("transfer", None), ("crc32", "x")]
)
def test_malformed_begin_is_refused(field, value):
    transport, browser, _ = setup()
    begin = {"type": MSG_BEGIN, "transfer": "t", "name": "view", "kind": "tensor", "nbytes": 4,
             "n_chunks": 1, "chunk_bytes": 10, "crc32": None}
    begin[field] = value
    browser.deliver(begin)
    browser.pump()
    assert browser.errors and transport.errors
    assert transport.incoming == {}


def test_new_begin_supersedes_same_name():
    _, browser, got = setup()
    browser.deliver({"type": MSG_BEGIN, "transfer": "old", "name": "view", "kind": "tensor", "nbytes": 20,
                     "n_chunks": 2, "chunk_bytes": 10, "crc32": None})
    browser.deliver({"type": MSG_CHUNK, "transfer": "old", "seq": 0, "offset": 0}, [b"o" * 10])
    browser.send_payload("view", "tensor", b"new", transfer="new")
    assert got == [("tensor", b"new")]
    browser.deliver({"type": MSG_CHUNK, "transfer": "old", "seq": 1, "offset": 10}, [b"o" * 10])
    browser.pump()
    assert browser.errors[-1]["transfer"] == "old"  # the superseded transfer is gone


def test_callbacks_can_be_removed_and_other_names_are_ignored():
    transport, browser, got = setup()
    other = []
    callback = lambda kind, data: other.append(bytes(data))  # noqa: E731
    transport.on_payload("stats", callback)
    transport.on_payload("stats", callback, remove=True)
    browser.send_payload("stats", "table", b"123")
    assert other == [] and got == []
    assert transport.incoming["stats"].state == "done"


def test_memoryview_chunks_are_accepted():
    _, browser, got = setup()
    browser.send_payload("view", "tensor", bytearray(b"memory"), chunk_bytes=4)
    assert got == [("tensor", b"memory")]
