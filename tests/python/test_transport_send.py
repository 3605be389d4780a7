"""Kernel → browser: Transport against a MockBrowser that follows docs/transport.md."""
import numpy as np
import pytest

from mock_browser import FakeWidget, MockBrowser
from netlens._arrow import ipc_to_tensor, tensor_to_ipc
from netlens._protocol import MSG_BEGIN, MSG_CHUNK, MSG_ERROR, MSG_RECEIVED
from netlens._transport import CHUNK_BYTES, WINDOW, Transport

SMALL_CHUNK = 1024  # many chunks from a small payload


def setup(**browser_options):
    widget = FakeWidget()
    transport = Transport(widget)
    return transport, MockBrowser(widget, **browser_options)


def small_transport(**browser_options):
    widget = FakeWidget()
    transport = Transport(widget, chunk_bytes=SMALL_CHUNK)
    return transport, MockBrowser(widget, **browser_options)


def payload(nbytes, seed=0):
    return np.random.default_rng(seed).integers(0, 256, nbytes, dtype=np.uint8).tobytes()


def test_nothing_is_sent_before_ready():
    transport, browser = setup()
    transport.put("x", b"abc", "tensor")
    assert browser.log == []
    assert transport.transfers == {}
    browser.ready()
    assert browser.payloads["x"] == b"abc"
    assert transport.transfers["x"].state == "done"


def test_eager_transport_sends_at_put_and_ready_sends_again():
    widget = FakeWidget()
    transport = Transport(widget, chunk_bytes=SMALL_CHUNK, eager=True)
    browser = MockBrowser(widget)
    data = payload(10 * SMALL_CHUNK)
    transport.put("x", data, "tensor")
    # begin + one window of chunks go out at once, before any nl:ready or ack
    assert [c["type"] for c, _ in browser.log] == [MSG_BEGIN] + [MSG_CHUNK] * WINDOW
    first = browser.log[0][0]["transfer"]
    browser.pump()
    assert browser.payloads["x"] == data and transport.transfers["x"].state == "done"
    # a browser that saw nothing (page reload) says nl:ready: everything is sent again
    browser.ready()
    assert transport.transfers["x"].transfer != first
    assert transport.transfers["x"].state == "done"


def test_hundred_megabyte_tensor_reassembles_exactly():
    x = np.random.default_rng(1).standard_normal(25_000_000, dtype=np.float32).reshape(5000, 5000)
    buf, info = tensor_to_ipc(x)
    transport, browser = setup()
    browser.ready()
    transport.put("x", buf, "tensor", verify=True)
    browser.pump()
    assert browser.payloads["x"] == buf.to_pybytes()
    np.testing.assert_array_equal(ipc_to_tensor(browser.payloads["x"]), x)
    status = transport.transfers["x"]
    assert status.state == "done" and status.n_chunks == -(-info.nbytes // CHUNK_BYTES)
    assert status.acked_chunks == status.sent_chunks == status.n_chunks
    assert status.ms is not None and status.ms >= 0
    assert browser.max_in_flight <= WINDOW


def test_each_chunk_is_one_zero_copy_slice_within_limits():
    transport, browser = small_transport()
    data = payload(10 * SMALL_CHUNK + 7)
    browser.ready()
    transport.put("x", data, "tensor")
    browser.pump()
    chunks = [(c, b) for c, b in browser.log if c["type"] == MSG_CHUNK]
    assert [c["seq"] for c, _ in chunks] == list(range(11))
    for content, buffers in chunks:
        assert len(buffers) == 1
        assert isinstance(buffers[0], memoryview)
        assert buffers[0].nbytes <= SMALL_CHUNK
        assert buffers[0].obj is data  # a view of the payload, not a copy
    assert [c["offset"] for c, _ in chunks] == [i * SMALL_CHUNK for i in range(11)]


def test_window_is_never_exceeded():
    transport, browser = small_transport(auto_ack=False)
    browser.ready()
    transport.put("x", payload(20 * SMALL_CHUNK), "tensor")
    browser.pump()
    assert browser.types().count(MSG_CHUNK) == WINDOW
    browser.release_acks(1)
    assert browser.types().count(MSG_CHUNK) == WINDOW + 1
    while browser.held_acks:
        browser.release_acks(1)
        assert browser.max_in_flight <= WINDOW
    assert browser.types().count(MSG_CHUNK) == 20
    assert transport.transfers["x"].state == "done"


def test_begin_announces_the_transfer():
    transport, browser = small_transport()
    browser.ready()
    transport.put("x", payload(3000), "table", verify=True)
    browser.pump()
    begin = browser.log[0][0]
    assert begin["type"] == MSG_BEGIN
    assert begin["name"] == "x" and begin["kind"] == "table"
    assert begin["nbytes"] == 3000 and begin["n_chunks"] == 3 and begin["chunk_bytes"] == SMALL_CHUNK
    assert isinstance(begin["crc32"], int) and isinstance(begin["transfer"], str)


@pytest.mark.parametrize("data", [b"", b"\x01", payload(SMALL_CHUNK), payload(SMALL_CHUNK + 1)])
def test_small_and_empty_payloads(data):
    transport, browser = small_transport()
    browser.ready()
    transport.put("x", data, "tensor", verify=True)
    browser.pump()
    assert browser.payloads["x"] == data
    assert transport.transfers["x"].state == "done"


def test_transfer_ids_are_unique():
    transport, browser = setup()
    browser.ready()
    for _ in range(5):
        transport.put("x", b"abc", "tensor")
    transport.put("y", b"abc", "tensor")
    ids = [c["transfer"] for c, _ in browser.log if c["type"] == MSG_BEGIN]
    assert len(ids) == len(set(ids)) == 6


def test_a_new_put_supersedes_an_unfinished_transfer():
    transport, browser = small_transport(auto_ack=False)
    browser.ready()
    first, second = payload(10 * SMALL_CHUNK, seed=1), payload(6 * SMALL_CHUNK, seed=2)
    transport.put("x", first, "tensor")
    browser.pump()
    old_id = transport.transfers["x"].transfer
    transport.put("x", second, "tensor")
    browser.release_acks()  # includes stale acks of the first transfer: ignored
    while browser.held_acks:
        browser.release_acks()
    assert browser.payloads["x"] == second
    status = transport.transfers["x"]
    assert status.transfer != old_id and status.state == "done"
    assert transport.errors == []
    assert not any(c["transfer"] == old_id and c["seq"] >= WINDOW for c, _ in browser.log if c["type"] == MSG_CHUNK)


def test_ready_resends_every_current_payload():
    transport, browser = setup()
    transport.put("x", b"one", "tensor")
    transport.put("labels", b"two", "table")
    transport.put("x", b"three", "tensor")
    browser.ready()
    assert browser.payloads == {"x": b"three", "labels": b"two"}
    first_ids = {name: s.transfer for name, s in transport.transfers.items()}
    browser.payloads.clear()
    browser.ready()  # page reload: the browser model asks again
    assert browser.payloads == {"x": b"three", "labels": b"two"}
    assert all(transport.transfers[n].transfer != first_ids[n] for n in first_ids)


def test_crc_mismatch_fails_the_transfer():
    errors = []
    widget = FakeWidget()
    transport = Transport(widget, on_error=errors.append)
    browser = MockBrowser(widget, corrupt=True)
    browser.ready()
    transport.put("x", payload(5000), "tensor", verify=True)
    browser.pump()
    status = transport.transfers["x"]
    assert status.state == "error" and "CRC-32" in status.error
    assert len(transport.errors) == 1 and transport.errors[0].name == "x"
    assert errors == transport.errors
    assert browser.errors and browser.errors[0]["transfer"] == status.transfer


def test_without_verify_no_crc_is_sent_or_checked():
    transport, browser = setup(corrupt=True)
    browser.ready()
    transport.put("x", b"abcdef", "tensor")
    browser.pump()
    assert browser.log[0][0]["crc32"] is None
    assert transport.transfers["x"].state == "done"


def test_size_mismatch_in_received_fails():
    transport, browser = setup()
    browser.ready()
    transport.put("x", b"abcdef", "tensor")
    tid = transport.transfers["x"].transfer
    browser.widget._handle_custom_msg({"type": MSG_RECEIVED, "transfer": tid, "name": "x", "nbytes": 5, "crc32": None}, [])
    assert transport.transfers["x"].state == "error"


def test_browser_error_is_stored_and_surfaced():
    seen = []
    widget = FakeWidget()
    transport = Transport(widget, on_error=seen.append)
    browser = MockBrowser(widget, auto_ack=False)
    browser.ready()
    transport.put("x", b"abcdef", "tensor")
    tid = transport.transfers["x"].transfer
    browser.deliver({"type": MSG_ERROR, "transfer": tid, "message": "decode failed: bad magic"})
    status = transport.transfers["x"]
    assert status.state == "error" and "decode failed" in status.error
    assert seen[0].transfer == tid and "decode failed" in str(seen[0])
    assert not [c for c, _ in browser.log if c["type"] == MSG_ERROR], "no error ping-pong"


def test_browser_error_without_transfer_is_recorded():
    transport, browser = setup()
    browser.deliver({"type": MSG_ERROR, "transfer": None, "message": "WebGPU lost"})
    assert len(transport.errors) == 1 and "WebGPU lost" in transport.errors[0].message


def test_ack_of_an_unsent_chunk_is_a_protocol_error():
    transport, browser = small_transport(auto_ack=False)
    browser.ready()
    transport.put("x", payload(10 * SMALL_CHUNK), "tensor")
    tid = transport.transfers["x"].transfer
    browser.deliver({"type": "nl:ack", "transfer": tid, "seq": 9})
    assert transport.transfers["x"].state == "error"
    assert browser.log[-1][0]["type"] == MSG_ERROR


def test_progress_callback_sees_every_step():
    seen = []
    widget = FakeWidget()
    transport = Transport(widget, chunk_bytes=SMALL_CHUNK, on_progress=seen.append)
    browser = MockBrowser(widget)
    browser.ready()
    transport.put("x", payload(3 * SMALL_CHUNK), "tensor")
    browser.pump()
    assert seen[0].state == "sending" and seen[-1].state == "done"
    assert [s.acked_chunks for s in seen] == sorted(s.acked_chunks for s in seen)


def test_unknown_messages_are_left_to_other_handlers():
    transport, browser = setup()
    other = []
    browser.widget.on_msg(lambda w, content, buffers: other.append(content))
    for content in ({"type": "something:else"}, {"no_type": 1}, "not a dict", None, {"type": 3}):
        browser.deliver(content)
    assert browser.log == [] and transport.errors == []
    assert len(other) == 5


def test_bad_kind_is_rejected():
    transport, _ = setup()
    with pytest.raises(ValueError, match="kind"):
        transport.put("x", b"", "image")


def test_discard_and_close_drop_payloads():
    transport, browser = setup()
    transport.put("x", b"abc", "tensor")
    transport.put("y", b"abc", "tensor")
    transport.discard("x")
    browser.ready()
    assert set(browser.payloads) == {"y"}
    transport.close()
    assert transport._payloads == {} and browser.widget.handlers == []
