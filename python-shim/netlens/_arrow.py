"""Arrow IPC payloads: the only module of the shim that makes or reads Arrow.

Pipeline (docs/transport.md §1):
  1. tensor → numpy (torch detached and moved to the CPU; nothing is imported eagerly)
  2. checks: dtype family, element count (< 2**31), int32 range
  3. cast to the wire dtype (float32 / float16 / int32 / uint8), zero-copy when nothing changes
  4. one record batch, one row, column `tensor` = FixedSizeList<T>[numel] over the flat buffer,
     annotated as the canonical `arrow.fixed_shape_tensor`
  5. written as an IPC stream (buffers 8-byte aligned, so the browser views them in place)

Example:
    >>> import numpy as np
    >>> buf, info = tensor_to_ipc(np.ones((3, 4)), dim_names=["H", "W"])
    >>> info.shape, info.dtype, info.source_dtype
    ((3, 4), 'float32', 'float64')
    >>> ipc_to_tensor(buf).shape
    (3, 4)
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any, Optional, Sequence, Tuple

import numpy as np
import pyarrow as pa

from . import _messages as msg

#: Name of the single column of a tensor payload.
TENSOR_COLUMN = "tensor"
#: Column a list of labels becomes.
LABEL_COLUMN = "label"

#: Canonical extension annotation, written as field metadata (what pyarrow itself writes).
EXTENSION_NAME = "arrow.fixed_shape_tensor"
KEY_EXTENSION_NAME = "ARROW:extension:name"
KEY_EXTENSION_METADATA = "ARROW:extension:metadata"

#: Schema metadata keys of netlens payloads.
KEY_KIND = "netlens:kind"
KEY_SOURCE_DTYPE = "netlens:source_dtype"
KIND_TENSOR = "tensor"
KIND_TABLE = "table"
#: Many named tensors in one payload (a model's weights; docs/ir.md §4).
KIND_TENSORS = "tensors"
#: Largest finite float16; a weight beyond it cannot travel as float16.
FLOAT16_MAX = 65504.0

#: TF.js indexes tensor elements with int32, so a tensor must have fewer elements than this.
MAX_NUMEL = 2**31

_INT32 = np.iinfo(np.int32)
#: Integer dtypes narrower than this many bytes always fit in int32 (int8/16, uint8/16).
_ALWAYS_FITS_INT32_BYTES = 4

#: numpy dtype kinds the wire cannot carry, with the word a user knows them by.
_REJECTED_KINDS = {
    "O": "object",
    "U": "str",
    "S": "bytes",
    "c": "complex",
    "M": "datetime64",
    "m": "timedelta64",
    "V": "void (structured)",
}

#: numpy wire dtype → Arrow value type.
_ARROW_TYPES = {
    np.dtype(np.float32): pa.float32(),
    np.dtype(np.float16): pa.float16(),
    np.dtype(np.int32): pa.int32(),
    np.dtype(np.uint8): pa.uint8(),
}


@dataclass(frozen=True)
class TensorInfo:
    """What `tensor_to_ipc` sent.

    shape: the tensor's shape (() for a scalar); dtype: the wire dtype (float32, float16,
    int32 or uint8); source_dtype: the user's dtype before casting; numel: element count;
    nbytes: size of the IPC stream in bytes; dim_names: as given, or None.
    """

    shape: Tuple[int, ...]
    dtype: str
    source_dtype: str
    numel: int
    nbytes: int
    dim_names: Optional[Tuple[str, ...]] = None


# --- kernel → browser: tensors ------------------------------------------------------------

def tensor_to_ipc(
    x: Any, *, float16: bool = False, dim_names: Optional[Sequence[str]] = None
) -> Tuple[pa.Buffer, TensorInfo]:
    """Encode a numpy array, torch tensor or nested list as a netlens tensor payload.

    float16=True keeps float16 sources as float16 on the wire (half the bytes; the browser
    decodes to float32). NaN and Inf pass through unchanged: the browser counts them.

    Example:
        >>> import torch
        >>> buf, info = tensor_to_ipc(torch.zeros(2, 3, dtype=torch.bfloat16))
        >>> info.dtype, info.source_dtype
        ('float32', 'bfloat16')
    """
    _check_numel(shape_of(x))
    array, source_dtype = _to_numpy(x)
    _check_numel(array.shape)
    names = _check_dim_names(dim_names, array.ndim)
    shape = tuple(int(d) for d in array.shape)
    # ascontiguousarray turns rank 0 into shape (1,); the shape is kept apart for that reason.
    wire = _to_wire(np.ascontiguousarray(array), source_dtype, float16)
    buffer = _write_stream(*_tensor_batch(wire, shape, source_dtype, names))
    info = TensorInfo(
        shape=shape,
        dtype=wire.dtype.name,
        source_dtype=source_dtype,
        numel=int(wire.size),
        nbytes=buffer.size,
        dim_names=names,
    )
    return buffer, info


def shape_of(x: Any) -> Optional[Tuple[int, ...]]:
    """The shape of an array-like without converting it, or None when it has none (lists)."""
    shape = getattr(x, "shape", None)
    if shape is None:
        return None
    try:
        return tuple(int(d) for d in shape)
    except (TypeError, ValueError):
        return None


def _check_numel(shape: Optional[Sequence[int]]) -> None:
    if shape is None:
        return
    numel = math.prod(shape)
    if numel >= MAX_NUMEL:
        raise ValueError(msg.too_many_elements(shape, numel, MAX_NUMEL))


def _is_torch_tensor(x: Any) -> bool:
    # Duck typing keeps `import torch` (seconds) out of the import of netlens.
    module = type(x).__module__ or ""
    return module.split(".")[0] == "torch" and hasattr(x, "detach") and hasattr(x, "numpy")


def _to_numpy(x: Any) -> Tuple[np.ndarray, str]:
    """(array, source dtype name); rejects dtypes the wire cannot carry."""
    if _is_torch_tensor(x):
        return _torch_to_numpy(x)
    if isinstance(x, np.ndarray):
        array = x
    else:
        try:
            array = np.asarray(x)
        except (ValueError, TypeError) as err:
            raise TypeError(msg.not_array_like(type(x).__name__, str(err))) from err
    if array.dtype.kind in _REJECTED_KINDS:
        raise TypeError(msg.unsupported_dtype(f"{array.dtype} ({_REJECTED_KINDS[array.dtype.kind]})"))
    return array, array.dtype.name


def _torch_to_numpy(t: Any) -> Tuple[np.ndarray, str]:
    source_dtype = str(t.dtype).replace("torch.", "")
    if t.is_complex():
        raise TypeError(msg.unsupported_dtype(source_dtype))
    t = t.detach()
    if t.device.type != "cpu":
        t = t.cpu()
    # Lazy conjugate/negative views must be materialized before numpy can see the values.
    t = t.resolve_conj().resolve_neg()
    try:
        return t.numpy(), source_dtype
    except TypeError as err:
        # bfloat16 and float8 kinds have no numpy dtype: widen to float32 (exact).
        if t.is_floating_point():
            return t.float().numpy(), source_dtype
        raise TypeError(msg.unsupported_dtype(source_dtype)) from err


def _to_wire(array: np.ndarray, source_dtype: str, float16: bool) -> np.ndarray:
    """Cast to the wire dtype (docs/transport.md table); no copy when already right."""
    kind = array.dtype.kind
    if kind == "b":
        return array.view(np.uint8)
    if kind == "f":
        if float16 and array.dtype == np.float16:
            return array
        return array.astype(np.float32, copy=False)
    if kind in "iu":
        _check_int32_range(array, source_dtype)
        return array.astype(np.int32, copy=False)
    raise TypeError(msg.unsupported_dtype(source_dtype))


def _check_int32_range(array: np.ndarray, source_dtype: str) -> None:
    if array.size == 0 or array.dtype == np.int32 or array.dtype.itemsize < _ALWAYS_FITS_INT32_BYTES:
        return
    lo, hi = int(array.min()), int(array.max())
    if lo < _INT32.min or hi > _INT32.max:
        raise OverflowError(msg.int_overflow(source_dtype, lo, hi, int(_INT32.min), int(_INT32.max)))


def _check_dim_names(dim_names: Optional[Sequence[str]], rank: int) -> Optional[Tuple[str, ...]]:
    if dim_names is None:
        return None
    names = tuple(dim_names)
    if len(names) != rank or not all(isinstance(n, str) for n in names):
        raise ValueError(msg.bad_dim_names(names, rank))
    return names


def _tensor_batch(
    wire: np.ndarray, shape: Tuple[int, ...], source_dtype: str, dim_names: Optional[Tuple[str, ...]]
) -> Tuple[pa.Schema, list]:
    numel = int(wire.size)
    value_type = _ARROW_TYPES[wire.dtype]
    # from_buffers wraps the numpy memory without copying, and (unlike from_arrays) accepts
    # list_size 0 for empty tensors.
    values = pa.Array.from_buffers(value_type, numel, [None, pa.py_buffer(wire.reshape(-1))])
    list_type = pa.list_(value_type, numel)
    column = pa.Array.from_buffers(list_type, 1, [None], children=[values])
    extension: dict = {"shape": list(shape)}
    if dim_names is not None:
        extension["dim_names"] = list(dim_names)
    field = pa.field(
        TENSOR_COLUMN,
        list_type,
        nullable=False,
        metadata={KEY_EXTENSION_NAME: EXTENSION_NAME, KEY_EXTENSION_METADATA: json.dumps(extension)},
    )
    schema = pa.schema([field], metadata={KEY_KIND: KIND_TENSOR, KEY_SOURCE_DTYPE: source_dtype})
    return schema, [pa.record_batch([column], schema=schema)]


# --- kernel → browser: named tensors (weights) ---------------------------------------------

def tensors_to_ipc(tensors: "dict[str, Any]", *, float16: bool = False) -> Tuple[pa.Buffer, int]:
    """Encode named tensors as one payload: one row, one `arrow.fixed_shape_tensor` column each.

    float16=True sends float tensors as float16 (half the bytes; values beyond ±65504 are
    refused). Returns the IPC stream and its size in bytes.

    Example:
        >>> buf, nbytes = tensors_to_ipc({"w": np.ones((2, 3)), "b": np.zeros(3)})
        >>> sorted(ipc_to_tensors(buf))
        ['b', 'w']
    """
    fields, columns = [], []
    for name, value in tensors.items():
        array, source_dtype = _to_numpy(value)
        _check_numel(array.shape)
        shape = tuple(int(d) for d in array.shape)
        wire = _to_wire(np.ascontiguousarray(array), source_dtype, False)
        if float16 and wire.dtype == np.float32:
            finite = wire[np.isfinite(wire)]
            if finite.size and float(np.abs(finite).max()) > FLOAT16_MAX:
                raise ValueError(msg.float16_overflow(name, float(np.abs(finite).max()), FLOAT16_MAX))
            wire = wire.astype(np.float16)
        schema, batches = _tensor_batch(wire, shape, source_dtype, None)
        field = schema.field(0)
        meta = dict(field.metadata)
        meta[KEY_SOURCE_DTYPE.encode()] = source_dtype.encode()
        fields.append(pa.field(name, field.type, nullable=False, metadata=meta))
        columns.append(batches[0].column(0))
    schema = pa.schema(fields, metadata={KEY_KIND: KIND_TENSORS})
    buffer = _write_stream(schema, [pa.record_batch(columns, schema=schema)])
    return buffer, buffer.size


def ipc_to_tensors(buf: Any) -> "dict[str, np.ndarray]":
    """Decode a `tensors` payload to {name: numpy array} (read-only views where possible)."""
    table = _read_stream(buf)
    kind = _schema_metadata(table.schema).get(KEY_KIND)
    if kind != KIND_TENSORS:
        raise ValueError(msg.not_a_payload(KIND_TENSORS, kind))
    out = {}
    for i, field in enumerate(table.schema):
        column = next((c for c in table.column(i).chunks if len(c) > 0), None)
        if column is None:
            raise ValueError(msg.bad_tensor_payload(f"column {field.name} has no row"))
        shape = _payload_shape(field, column)
        storage = column.storage if isinstance(column, pa.ExtensionArray) else column
        array = storage.flatten().to_numpy(zero_copy_only=False).reshape(shape)
        source = (field.metadata or {}).get(KEY_SOURCE_DTYPE.encode(), b"").decode()
        out[field.name] = array.view(np.bool_) if source == "bool" and array.dtype == np.uint8 else array
    return out


# --- browser → kernel: tensors ------------------------------------------------------------

def ipc_to_tensor(buf: Any) -> np.ndarray:
    """Decode a tensor payload (bytes, memoryview or pa.Buffer) to numpy.

    A read-only view of `buf` when possible. float16 stays float16; uint8 whose source
    dtype was bool comes back as bool.

    Example:
        >>> ipc_to_tensor(tensor_to_ipc([True, False])[0])
        array([ True, False])
    """
    table = _read_stream(buf)
    metadata = _schema_metadata(table.schema)
    kind = metadata.get(KEY_KIND)
    if kind is not None and kind != KIND_TENSOR:
        raise ValueError(msg.not_a_payload(KIND_TENSOR, kind))
    if table.num_columns != 1 or table.num_rows != 1:
        raise ValueError(msg.bad_tensor_payload(f"{table.num_columns} columns × {table.num_rows} rows, not 1 × 1"))
    # The chunk that holds the row; picked (not combine_chunks, which copies) to stay zero-copy.
    column = next(chunk for chunk in table.column(0).chunks if len(chunk) > 0)
    shape = _payload_shape(table.schema.field(0), column)
    storage = column.storage if isinstance(column, pa.ExtensionArray) else column
    if not pa.types.is_fixed_size_list(storage.type):
        raise ValueError(msg.bad_tensor_payload(f"column type {storage.type} is not a fixed-size list"))
    flat = storage.flatten().to_numpy(zero_copy_only=False)
    if flat.size != math.prod(shape):
        raise ValueError(msg.bad_tensor_payload(f"{flat.size} values do not fill shape {shape}"))
    array = flat.reshape(shape)
    if metadata.get(KEY_SOURCE_DTYPE) == "bool" and array.dtype == np.uint8:
        array = array.view(np.bool_)
    return array


def _payload_shape(field: pa.Field, column: pa.Array) -> Tuple[int, ...]:
    """Logical shape from the extension type (pyarrow recognizes it on read) or the field metadata."""
    if isinstance(field.type, pa.BaseExtensionType) and hasattr(field.type, "shape"):
        permutation = getattr(field.type, "permutation", None)
        if permutation is not None and list(permutation) != sorted(permutation):
            raise ValueError(msg.bad_tensor_payload(f"permuted layout {list(permutation)} is not supported"))
        shape = tuple(int(d) for d in field.type.shape)
    else:
        raw = (field.metadata or {}).get(KEY_EXTENSION_METADATA.encode())
        list_size = column.type.list_size if pa.types.is_fixed_size_list(column.type) else None
        shape = tuple(int(d) for d in json.loads(raw)["shape"]) if raw else (list_size,)
    return shape


# --- tables ---------------------------------------------------------------------------------

def table_to_ipc(obj: Any) -> pa.Buffer:
    """Encode a table payload: pandas DataFrame/Series, pyarrow Table/RecordBatch, dict of
    columns, or list of str (one column `label`).

    View, large and dictionary-of-view types become plain `string`/`binary` (the browser
    bundles one apache-arrow version, which may not read them).

    Example:
        >>> ipc_to_table(table_to_ipc(["cat", "dog"])).column("label").to_pylist()
        ['cat', 'dog']
    """
    table = _to_plain(_as_table(obj)).replace_schema_metadata({KEY_KIND: KIND_TABLE})
    return _write_stream(table.schema, table.to_batches())


def ipc_to_table(buf: Any) -> pa.Table:
    """Decode any table payload (bytes, memoryview or pa.Buffer)."""
    return _read_stream(buf)


def _as_table(obj: Any) -> pa.Table:
    if isinstance(obj, pa.Table):
        return obj
    if isinstance(obj, pa.RecordBatch):
        return pa.Table.from_batches([obj])
    if isinstance(obj, dict):
        return pa.table(obj)
    if isinstance(obj, (list, tuple)):
        for item in obj:
            if not isinstance(item, str):
                raise TypeError(msg.table_list_not_str(type(item).__name__))
        return pa.table({LABEL_COLUMN: pa.array(list(obj), pa.string())})
    module = (type(obj).__module__ or "").split(".")[0]
    if module == "pandas" and hasattr(obj, "to_frame"):
        obj = obj.to_frame(name=LABEL_COLUMN if obj.name is None else obj.name)
    if module == "pandas" and hasattr(obj, "columns"):
        # preserve_index=False: the index is row numbering, not data to show.
        return pa.Table.from_pandas(obj, preserve_index=False)
    if hasattr(obj, "__arrow_c_stream__"):  # polars and other Arrow-native frames
        return pa.table(obj)
    raise TypeError(msg.unsupported_table(type(obj).__name__))


def _to_plain(table: pa.Table) -> pa.Table:
    schema = pa.schema([_plain_field(f) for f in table.schema])
    if schema.equals(table.schema):
        return table
    columns = [_cast_column(table.column(i), field) for i, field in enumerate(schema)]
    return pa.Table.from_arrays(columns, schema=schema)


def _cast_column(column: pa.ChunkedArray, field: pa.Field) -> pa.ChunkedArray:
    if column.type == field.type:
        return column
    if _has_list_view(column.type):
        # pyarrow (26) casts list views to lists with broken offsets; list views are rare in
        # labels, so rebuilding through Python objects is an acceptable price for correctness.
        return pa.chunked_array([pa.array(column.to_pylist(), field.type)], field.type)
    return column.cast(field.type)


def _has_list_view(t: pa.DataType) -> bool:
    if _is("list_view", t) or _is("large_list_view", t):
        return True
    if pa.types.is_dictionary(t):
        return _has_list_view(t.value_type)
    return any(_has_list_view(t.field(i).type) for i in range(t.num_fields))


def _plain_field(field: pa.Field) -> pa.Field:
    return field.with_type(_plain_type(field.type))


def _plain_type(t: pa.DataType) -> pa.DataType:
    """Replace view/large types (recursively) with the plain types every Arrow reader knows."""
    if _is("string_view", t) or _is("large_string", t):
        return pa.string()
    if _is("binary_view", t) or _is("large_binary", t):
        return pa.binary()
    if _is("dictionary", t):
        return pa.dictionary(t.index_type, _plain_type(t.value_type), t.ordered)
    if _is("list", t) or _is("large_list", t) or _is("list_view", t) or _is("large_list_view", t):
        return pa.list_(_plain_field(t.value_field))
    if _is("fixed_size_list", t):
        return pa.list_(_plain_field(t.value_field), t.list_size)
    if _is("struct", t):
        return pa.struct([_plain_field(t.field(i)) for i in range(t.num_fields)])
    return t


def _is(type_name: str, t: pa.DataType) -> bool:
    """pa.types.is_<type_name>(t); False where this pyarrow predates the type (views: pyarrow 16)."""
    predicate = getattr(pa.types, f"is_{type_name}", None)
    return predicate is not None and predicate(t)


# --- IPC streams ----------------------------------------------------------------------------

def _write_stream(schema: pa.Schema, batches: Sequence[pa.RecordBatch]) -> pa.Buffer:
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, schema) as writer:
        for batch in batches:
            writer.write_batch(batch)
    return sink.getvalue()


def _read_stream(buf: Any) -> pa.Table:
    source = buf if isinstance(buf, pa.Buffer) else pa.py_buffer(buf)
    return pa.ipc.open_stream(source).read_all()


def _schema_metadata(schema: pa.Schema) -> dict:
    return {k.decode(): v.decode() for k, v in (schema.metadata or {}).items()}
