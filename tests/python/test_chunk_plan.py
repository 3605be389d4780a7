"""plan_chunks: the pure chunk plan both sides compute from (nbytes, chunk_bytes)."""
import pytest

from netlens._transport import CHUNK_BYTES, WINDOW, plan_chunks

GIB = 1024**3
#: Tornado's default max websocket message size; a chunk plus its JSON header must fit.
TORNADO_MAX_MESSAGE = 10 * 1024 * 1024


def assert_covers(plan, nbytes, chunk_bytes):
    offset = 0
    for start, length in plan:
        assert start == offset, "contiguous"
        assert 0 < length <= chunk_bytes
        offset += length
    assert offset == nbytes, "covers exactly"


@pytest.mark.parametrize("nbytes", [1, 2, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES, 100_000_007])
def test_plan_covers_payload_contiguously(nbytes):
    assert_covers(plan_chunks(nbytes), nbytes, CHUNK_BYTES)


def test_empty_payload_has_no_chunks():
    assert plan_chunks(0) == []


def test_one_gib_plan_is_arithmetic_only():
    plan = plan_chunks(GIB)  # nothing of size nbytes is allocated
    assert_covers(plan, GIB, CHUNK_BYTES)
    assert len(plan) == -(-GIB // CHUNK_BYTES)


def test_small_chunk_sizes():
    assert plan_chunks(10, chunk_bytes=4) == [(0, 4), (4, 4), (8, 2)]
    assert plan_chunks(8, chunk_bytes=4) == [(0, 4), (4, 4)]


@pytest.mark.parametrize("chunk_bytes", [0, -1, 1.5, True])
def test_bad_chunk_size_is_rejected(chunk_bytes):
    with pytest.raises(ValueError, match="chunk_bytes"):
        plan_chunks(10, chunk_bytes=chunk_bytes)


@pytest.mark.parametrize("nbytes", [-1, 2.0, None])
def test_bad_nbytes_is_rejected(nbytes):
    with pytest.raises(ValueError, match="nbytes"):
        plan_chunks(nbytes)


def test_limits_leave_room_under_tornado():
    assert CHUNK_BYTES == 8 * 1024 * 1024 - 64 * 1024
    assert CHUNK_BYTES < TORNADO_MAX_MESSAGE
    assert WINDOW == 4
