"""tensor_to_ipc / ipc_to_tensor: layout and the cast table of docs/transport.md §1."""
import json

import numpy as np
import pyarrow as pa
import pytest
import torch

from netlens._arrow import ipc_to_tensor, tensor_to_ipc

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def read(buf):
    return pa.ipc.open_stream(buf).read_all()


def test_payload_layout_is_one_row_fixed_shape_tensor():
    x = np.arange(24, dtype=np.float32).reshape(2, 3, 4)
    buf, info = tensor_to_ipc(x, dim_names=["C", "H", "W"])
    table = read(buf)
    assert table.num_rows == 1 and table.column_names == ["tensor"]
    assert len(table.to_batches()) == 1
    field = table.schema.field(0)
    # pyarrow turns the canonical field metadata into its extension type on read
    assert field.type.extension_name == "arrow.fixed_shape_tensor"
    assert list(field.type.shape) == [2, 3, 4] and list(field.type.dim_names) == ["C", "H", "W"]
    assert field.type.storage_type == pa.list_(pa.float32(), 24)
    assert table.schema.metadata == {b"netlens:kind": b"tensor", b"netlens:source_dtype": b"float32"}
    assert info.shape == (2, 3, 4) and info.numel == 24 and info.dtype == "float32"
    assert info.nbytes == buf.size and info.dim_names == ("C", "H", "W")


def test_extension_metadata_json_omits_absent_dim_names():
    buf, _ = tensor_to_ipc(np.zeros((2, 2), np.float32))
    raw = buf.to_pybytes()
    start = raw.index(b'{"shape"')
    metadata = json.loads(raw[start : raw.index(b"}", start) + 1])
    assert metadata == {"shape": [2, 2]}


def test_values_buffer_is_8_byte_aligned_and_decoded_in_place():
    buf, _ = tensor_to_ipc(np.arange(10, dtype=np.float32))
    out = ipc_to_tensor(buf)
    offset = out.ctypes.data - buf.address
    assert 0 <= offset < buf.size, "a view into the payload, not a copy"
    assert offset % 8 == 0


@pytest.mark.parametrize(
    "dtype, wire",
    [
        (np.float64, "float32"),
        (np.float32, "float32"),
        (np.float16, "float32"),
        (np.int8, "int32"),
        (np.int16, "int32"),
        (np.int32, "int32"),
        (np.int64, "int32"),
        (np.uint8, "int32"),
        (np.uint16, "int32"),
        (np.uint32, "int32"),
        (np.uint64, "int32"),
        (np.bool_, "uint8"),
    ],
)
def test_numpy_cast_table(dtype, wire):
    x = (np.arange(12) % 5).astype(dtype).reshape(3, 4)
    buf, info = tensor_to_ipc(x)
    assert info.dtype == wire and info.source_dtype == np.dtype(dtype).name
    out = ipc_to_tensor(buf)
    assert out.shape == (3, 4)
    np.testing.assert_array_equal(out, x)
    assert read(buf).schema.metadata[b"netlens:source_dtype"] == np.dtype(dtype).name.encode()


def test_bool_travels_as_uint8_and_comes_back_bool():
    buf, info = tensor_to_ipc(np.array([True, False, True]))
    assert read(buf).schema.field(0).type.storage_type.value_type == pa.uint8()
    out = ipc_to_tensor(buf)
    assert out.dtype == np.bool_ and out.tolist() == [True, False, True]


def test_float16_option_keeps_float16_on_the_wire():
    x = np.array([0.5, -1.5, 65504, 2**-24], dtype=np.float16)
    buf, info = tensor_to_ipc(x, float16=True)
    assert info.dtype == "float16" and info.source_dtype == "float16"
    out = ipc_to_tensor(buf)
    assert out.dtype == np.float16
    np.testing.assert_array_equal(out, x)


def test_float16_option_does_not_narrow_other_floats():
    _, info = tensor_to_ipc(np.zeros(3), float16=True)
    assert info.dtype == "float32"


def test_int_extremes_fit():
    x = np.array([INT32_MIN, -1, 0, INT32_MAX], dtype=np.int64)
    np.testing.assert_array_equal(ipc_to_tensor(tensor_to_ipc(x)[0]), x)


@pytest.mark.parametrize(
    "x", [np.array([0, 2**31], dtype=np.int64), np.array([INT32_MIN - 1], np.int64), np.array([2**63], np.uint64)]
)
def test_int_overflow_names_range(x):
    with pytest.raises(OverflowError) as err:
        tensor_to_ipc(x)
    text = str(err.value)
    assert str(int(x.min())) in text and str(int(x.max())) in text
    assert str(INT32_MIN) in text and str(INT32_MAX) in text


def test_nan_and_inf_pass_through():
    x = np.array([1.5, np.nan, np.inf, -np.inf], dtype=np.float64)
    out = ipc_to_tensor(tensor_to_ipc(x)[0])
    assert np.isnan(out[1]) and out[2] == np.inf and out[3] == -np.inf and out[0] == 1.5


def test_rank_zero_is_shape_empty_numel_one():
    buf, info = tensor_to_ipc(np.float64(7.0))
    assert info.shape == () and info.numel == 1
    assert list(read(buf).schema.field(0).type.shape) == []
    out = ipc_to_tensor(buf)
    assert out.shape == () and out == 7.0


def test_empty_tensor_round_trips():
    buf, info = tensor_to_ipc(np.zeros((0, 3), np.float32))
    assert info.numel == 0
    assert ipc_to_tensor(buf).shape == (0, 3)


def test_non_contiguous_numpy():
    x = np.arange(20, dtype=np.float32).reshape(4, 5)[:, ::2].T
    np.testing.assert_array_equal(ipc_to_tensor(tensor_to_ipc(x)[0]), x)


def test_nested_list():
    buf, info = tensor_to_ipc([[1, 2], [3, 4]])
    assert info.source_dtype == "int64" and info.dtype == "int32"
    assert ipc_to_tensor(buf).tolist() == [[1, 2], [3, 4]]


@pytest.mark.parametrize("source", [bytes, bytearray, memoryview, pa.py_buffer])
def test_ipc_to_tensor_accepts_buffer_types(source):
    buf, _ = tensor_to_ipc(np.arange(3, dtype=np.float32))
    np.testing.assert_array_equal(ipc_to_tensor(source(buf.to_pybytes())), [0, 1, 2])


def test_ipc_to_tensor_refuses_tables():
    from netlens._arrow import table_to_ipc

    with pytest.raises(ValueError, match="tensor"):
        ipc_to_tensor(table_to_ipc(["a"]))


# --- torch ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "dtype, wire, source",
    [
        (torch.float64, "float32", "float64"),
        (torch.float32, "float32", "float32"),
        (torch.float16, "float32", "float16"),
        (torch.bfloat16, "float32", "bfloat16"),
        (torch.int8, "int32", "int8"),
        (torch.int16, "int32", "int16"),
        (torch.int32, "int32", "int32"),
        (torch.int64, "int32", "int64"),
        (torch.uint8, "int32", "uint8"),
        (torch.bool, "uint8", "bool"),
    ],
)
def test_torch_cast_table(dtype, wire, source):
    t = (torch.arange(12) % 5).to(dtype).reshape(3, 4)
    buf, info = tensor_to_ipc(t)
    assert info.dtype == wire and info.source_dtype == source
    np.testing.assert_array_equal(ipc_to_tensor(buf), t.float().numpy() if dtype.is_floating_point else t.numpy())


def test_torch_non_contiguous():
    t = torch.arange(24.0).reshape(4, 6)[:, 1::2].T
    assert not t.is_contiguous()
    np.testing.assert_array_equal(ipc_to_tensor(tensor_to_ipc(t)[0]), t.numpy())


def test_torch_requires_grad():
    t = torch.randn(2, 3, requires_grad=True) * 2
    np.testing.assert_array_equal(ipc_to_tensor(tensor_to_ipc(t)[0]), t.detach().numpy())


def test_torch_bfloat16_values_widen_exactly():
    t = torch.tensor([1.5, -0.0078125, 3.0e38], dtype=torch.bfloat16)
    out = ipc_to_tensor(tensor_to_ipc(t)[0])
    np.testing.assert_array_equal(out, t.float().numpy())


def test_torch_float16_option():
    t = torch.tensor([0.5, 2.0], dtype=torch.float16)
    buf, info = tensor_to_ipc(t, float16=True)
    assert info.dtype == "float16"
    assert ipc_to_tensor(buf).dtype == np.float16


def test_torch_int64_overflow():
    with pytest.raises(OverflowError, match="int32"):
        tensor_to_ipc(torch.tensor([2**40]))


def test_torch_negative_view_is_resolved():
    t = torch.arange(4.0)
    if hasattr(torch, "_neg_view"):
        t = torch._neg_view(t)
    np.testing.assert_array_equal(ipc_to_tensor(tensor_to_ipc(t)[0]), t.clone().numpy())
