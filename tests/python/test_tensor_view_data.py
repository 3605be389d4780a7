"""TensorView data: shape checks, dim_order inference, labels, payloads, results, close."""
import zlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
import torch
from traitlets import TraitError

from mock_browser import MockBrowser
from netlens import TensorView
from netlens._arrow import ipc_to_table, ipc_to_tensor, tensor_to_ipc
from netlens._protocol import MSG_BEGIN


@pytest.mark.parametrize(
    "shape, order",
    [
        ((7,), "W"),
        ((5, 6), "HW"),
        ((3, 32, 32), "CHW"),
        ((32, 32, 3), "HWC"),
        ((32, 32, 4), "HWC"),
        ((3, 8, 3), "CHW"),  # ambiguous: channels-first (PyTorch's habit)
        ((4, 4, 4), "CHW"),
        ((4, 4, 3), "CHW"),  # the first dim also looks like channels
        ((16, 8, 8), "CHW"),
        ((8, 3, 32, 32), "NCHW"),
        ((8, 32, 32, 3), "NHWC"),
        ((8, 3, 32, 3), "NCHW"),
        ((8, 64, 7, 7), "NCHW"),
    ],
)
def test_dim_order_inference(shape, order):
    w = TensorView(np.zeros(shape, np.float32))
    assert w.dim_order == order and w.dim_names == list(order) and w.shape == list(shape)
    w.close()


def test_explicit_dim_order_is_checked_against_rank():
    w = TensorView(np.zeros((3, 8, 3)), dim_order="HWC")
    assert w.dim_order == "HWC"
    w.close()
    with pytest.raises(TraitError, match="'CHW', 'HWC'"):
        TensorView(np.zeros((3, 8, 3)), dim_order="NCHW")


@pytest.mark.parametrize("x", [np.float32(1.0), np.zeros((1, 2, 3, 4, 5)), torch.zeros(2, 2, 2, 2, 2)])
def test_rank_outside_1_to_4_is_refused(x):
    with pytest.raises(ValueError, match="1-D to 4-D") as err:
        TensorView(x)
    assert "index or reshape" in str(err.value)


def test_nested_list_rank_is_checked():
    with pytest.raises(ValueError, match="1-D to 4-D"):
        TensorView(5.0)
    w = TensorView([[1, 2], [3, 4]])
    assert w.shape == [2, 2] and w.dtype == "int64"
    w.close()


def test_empty_tensor_is_refused():
    with pytest.raises(ValueError, match="size 0"):
        TensorView(np.zeros((0, 4)))


@pytest.mark.parametrize(
    "x, error",
    [(np.array(["a"]), TypeError), (np.array([2**40]), OverflowError), (np.array([1j]), TypeError)],
)
def test_arrow_errors_surface_before_anything_is_sent(x, error):
    with pytest.raises(error):
        TensorView(x)


def test_payload_reaches_the_browser():
    x = torch.randn(2, 3, 4, 5, dtype=torch.float64)
    w = TensorView(x, verify_transfer=True)
    browser = MockBrowser(w)
    browser.ready()
    assert w.dtype == "float64"
    out = ipc_to_tensor(browser.payloads["x"])
    np.testing.assert_array_equal(out, x.float().numpy())
    schema = pa.ipc.open_stream(browser.payloads["x"]).schema
    assert list(schema.field(0).type.dim_names) == ["N", "C", "H", "W"]
    assert browser.log[0][0]["crc32"] is not None
    assert w.payload_crc32 == zlib.crc32(browser.payloads["x"]) == browser.log[0][0]["crc32"]
    assert w._transport.transfers["x"].state == "done"
    w.close()


def test_payload_crc32_is_none_without_verify():
    w = TensorView(np.zeros((2, 2), np.float32))
    assert w.payload_crc32 is None
    w.close()


def test_float16_option_reaches_the_wire():
    w = TensorView(np.ones((2, 2), np.float16), float16=True)
    browser = MockBrowser(w)
    browser.ready()
    assert ipc_to_tensor(browser.payloads["x"]).dtype == np.float16
    w.close()


def test_labels_list_becomes_label_column():
    w = TensorView(np.zeros((3, 1, 4, 4)), labels=["cat", "dog", 7])
    browser = MockBrowser(w)
    browser.ready()
    assert browser.kinds["labels"] == "table"
    assert ipc_to_table(browser.payloads["labels"]).column("label").to_pylist() == ["cat", "dog", "7"]
    w.close()


@pytest.mark.parametrize(
    "labels",
    [
        pd.Series(["a", "b", "c"]),
        pd.DataFrame({"label": ["a", "b", "c"], "p": [0.1, 0.2, 0.3]}),
        pa.table({"label": pa.array(["a", "b", "c"], pa.large_string())}),
        np.array(["a", "b", "c"]),
    ],
)
def test_labels_accept_tables(labels):
    w = TensorView(np.zeros((8, 8, 3)), labels=labels)  # HWC: one label per channel
    browser = MockBrowser(w)
    browser.ready()
    table = ipc_to_table(browser.payloads["labels"])
    assert table.num_rows == 3 and table.schema.field(0).type == pa.string()
    w.close()


def test_labels_count_must_match_the_grid():
    with pytest.raises(ValueError, match="2 labels but shape .* has 3 along N"):
        TensorView(np.zeros((3, 1, 4, 4)), labels=["a", "b"])
    with pytest.raises(ValueError, match="along C"):
        TensorView(np.zeros((5, 4, 4)), labels=["a"])


def test_labels_need_a_grid():
    with pytest.raises(ValueError, match="title="):
        TensorView(np.zeros((4, 4)), labels=["a"])


def test_labels_of_unknown_type():
    with pytest.raises(TypeError, match="labels"):
        TensorView(np.zeros((2, 4, 4)), labels={"a": 1})


def test_set_data_resends_and_refits_settings():
    w = TensorView(np.zeros((8, 3, 4, 4)), labels=list("abcdefgh"), channel=2, batch_index=5, mode="rgb")
    browser = MockBrowser(w)
    browser.ready()
    y = np.arange(12, dtype=np.float32).reshape(3, 4)
    w.set_data(y)
    browser.pump()
    assert w.shape == [3, 4] and w.dim_order == "HW" and w.dim_names == ["H", "W"] and w.dtype == "float32"
    assert (w.channel, w.batch_index, w.mode) == (-1, 0, "auto")
    np.testing.assert_array_equal(ipc_to_tensor(browser.payloads["x"]), y)
    assert ipc_to_table(browser.payloads["labels"]).num_rows == 0, "labels dropped with an empty table"
    begins = [c["name"] for c, _ in browser.log if c["type"] == MSG_BEGIN]
    assert begins == ["x", "labels", "x", "labels"]
    w.close()


def test_set_data_validates_before_changing_anything():
    w = TensorView(np.zeros((4, 4)))
    with pytest.raises(ValueError):
        w.set_data(np.zeros((1, 1, 1, 1, 1)))
    with pytest.raises(TraitError):
        w.set_data(np.zeros((4, 4)), dim_order="CHW")
    assert w.shape == [4, 4] and w.dim_order == "HW"
    w.close()


def test_changing_dim_order_refits_channel():
    w = TensorView(np.zeros((3, 8, 5)), channel=2)  # CHW: C = 3
    w.dim_order = "HWC"  # now C = 5
    assert w.channel == 2 and w.dim_names == ["H", "W", "C"]
    w.channel = 4
    w.dim_order = "CHW"
    assert w.channel == -1
    w.close()


def test_fetch_view_round_trip():
    w = TensorView(np.zeros((2, 1, 4, 4)))
    browser = MockBrowser(w)
    browser.ready()
    seen = []
    w.on_view(seen.append)
    assert w.view_data is None
    w.fetch_view()
    assert browser.log[-1][0] == {"type": "nl:request", "what": "view"}
    panels = np.random.default_rng(0).random((2, 4, 4), dtype=np.float32)
    browser.send_payload("view", "tensor", tensor_to_ipc(panels)[0].to_pybytes())
    np.testing.assert_array_equal(w.view_data, panels)
    assert len(seen) == 1 and seen[0] is w.view_data
    w.on_view(seen.append, remove=True)
    browser.send_payload("view", "tensor", tensor_to_ipc(panels)[0].to_pybytes(), transfer="b-2")
    assert len(seen) == 1
    w.close()


def test_close_frees_payloads_and_results():
    w = TensorView(np.zeros((2, 2)))
    w.view_data = np.zeros(1)
    transport = w._transport
    w.close()
    assert transport._payloads == {} and w.view_data is None and w.comm is None
    w.close()  # twice is harmless
