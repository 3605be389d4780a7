"""Every user-facing error text of the Python shim, one function per message.

Kept in one place so wording stays consistent and each message says what to do next
(STYLE.md: errors are values a user can act on).
"""
from __future__ import annotations

from typing import Iterable, Sequence


def _choices(values: Iterable[object]) -> str:
    return ", ".join(repr(v) for v in values)


# --- tensors (_arrow.py) -------------------------------------------------------------

def unsupported_dtype(dtype: object) -> str:
    return (
        f"netlens cannot send a tensor of dtype {dtype}: it sends float (float16/32/64, bfloat16), "
        "integer (int8..int64, uint8..uint64) and bool tensors. Convert first, e.g. x.real, "
        "x.abs() or x.astype('float32')."
    )


def not_array_like(type_name: str, reason: str) -> str:
    return (
        f"netlens cannot turn a {type_name} into a tensor ({reason}); pass a numpy array, "
        "a torch tensor or a rectangular nested list of numbers."
    )


def int_overflow(source_dtype: str, lo: int, hi: int, int32_min: int, int32_max: int) -> str:
    return (
        f"{source_dtype} values range from {lo} to {hi}, outside int32 [{int32_min}, {int32_max}] "
        "that the browser uses (TF.js has no int64). Cast to float first, e.g. x.astype('float32')."
    )


def too_many_elements(shape: Sequence[int], numel: int, limit: int) -> str:
    return (
        f"tensor of shape {tuple(shape)} has {numel} elements; the browser can hold fewer than "
        f"{limit} (TF.js indexes elements with int32). Pass a slice (e.g. x[:8]) or compute in "
        "the kernel."
    )


def bad_dim_names(dim_names: Sequence[object], rank: int) -> str:
    return f"dim_names {list(dim_names)} must be {rank} strings, one per dimension."


def not_a_payload(expected_kind: str, found_kind: object) -> str:
    return f"expected a netlens {expected_kind} payload, got netlens:kind={found_kind!r}."


def bad_tensor_payload(reason: str) -> str:
    return f"not a netlens tensor payload: {reason}."


def unsupported_table(type_name: str) -> str:
    return (
        f"netlens cannot send a {type_name} as a table: pass a pandas DataFrame or Series, a "
        "pyarrow Table or RecordBatch, a dict of columns, or a list of str."
    )


def table_list_not_str(type_name: str) -> str:
    return f"a list sent as a table must hold str (one label per item); found a {type_name}."


# --- transport (_transport.py and friends) -------------------------------------------------

def bad_kind(kind: object, kinds: Iterable[str]) -> str:
    return f"payload kind {kind!r} is not one of {_choices(kinds)}."


def bad_chunk_size(chunk_bytes: object) -> str:
    return f"chunk_bytes must be a positive int, got {chunk_bytes!r}."


def bad_nbytes(nbytes: object) -> str:
    return f"nbytes must be an int >= 0, got {nbytes!r}."


def bad_field(message_type: str, field: str, value: object) -> str:
    return f"{message_type}: field {field!r} is missing or invalid ({value!r})."


def chunk_count_mismatch(n_chunks: int, expected: int) -> str:
    return f"nl:begin announces {n_chunks} chunks but nbytes/chunk_bytes make {expected}."


def unknown_transfer(transfer: object) -> str:
    return f"unknown transfer id {transfer!r} (never begun, superseded or already finished)."


def chunk_out_of_order(transfer: str, expected: int, got: object) -> str:
    return f"transfer {transfer}: expected chunk {expected}, got {got!r} (chunks must arrive in order)."


def chunk_mismatch(transfer: str, seq: int, offset: object, length: int, want_offset: int, want_length: int) -> str:
    return (
        f"transfer {transfer}: chunk {seq} has offset {offset!r} and {length} bytes; "
        f"expected offset {want_offset} and {want_length} bytes."
    )


def chunk_buffers(transfer: str, seq: object, count: int) -> str:
    return f"transfer {transfer}: chunk {seq!r} carries {count} buffers; exactly one is required."


def bad_ack(transfer: str, seq: object, sent: int) -> str:
    return f"transfer {transfer}: ack for chunk {seq!r}, but only chunks below {sent} were sent."


def crc_mismatch(name: str, expected: int, got: object) -> str:
    return (
        f"payload {name!r} arrived corrupted: CRC-32 {got!r} differs from the sender's {expected}. "
        "Re-run the cell; if it persists, report it with your browser and JupyterLab versions."
    )


def size_mismatch(name: str, expected: int, got: object) -> str:
    return f"payload {name!r}: receiver reports {got!r} bytes, sender sent {expected}."


def remote_error(name: object, message: object) -> str:
    where = f"payload {name!r}" if name else "transport"
    return f"browser reported an error for {where}: {message}"


# --- widgets ------------------------------------------------------------------------------

def bad_rank(shape: Sequence[int]) -> str:
    return (
        f"TensorView shows 1-D to 4-D tensors; got shape {tuple(shape)}; index or reshape first "
        "(e.g. x[0] or x.reshape(-1, h, w))."
    )


def empty_tensor(shape: Sequence[int]) -> str:
    return f"TensorView has nothing to show: shape {tuple(shape)} has a dimension of size 0."


def bad_dim_order(value: object, shape: Sequence[int], allowed: Iterable[str]) -> str:
    return (
        f"dim_order {value!r} does not fit shape {tuple(shape)}; for a {len(shape)}-D tensor "
        f"choose one of {_choices(allowed)} (N=batch, C=channels, H=height, W=width)."
    )


def bad_choice(trait: str, value: object, choices: Iterable[object]) -> str:
    return f"{trait} must be one of {_choices(choices)}; got {value!r}."


def out_of_range(trait: str, value: object, valid: str) -> str:
    return f"{trait} must be {valid}; got {value!r}."


def rgb_needs_channels(shape: Sequence[int], dim_order: str, channels: object, allowed: Iterable[int]) -> str:
    has = "no channel dimension" if channels is None else f"{channels} channels"
    return (
        f"mode='rgb' needs {' or '.join(str(c) for c in allowed)} channels; shape {tuple(shape)} "
        f"with dim_order {dim_order!r} has {has}. Choose one of 'auto', 'heatmap', or a "
        "dim_order whose C is 3 or 4."
    )


def unknown_keyword(cls: str, name: str, valid: Iterable[str]) -> str:
    return f"{cls}() got an unexpected keyword argument {name!r}; valid keywords: {', '.join(valid)}."


def layout_is_css(value: object) -> str:
    return (
        f"layout={value!r}: `layout` is the ipywidgets CSS layout (ipywidgets.Layout). "
        f"Give the tensor's dimension order as dim_order={value!r}."
    )


def labels_for_grids(shape: Sequence[int]) -> str:
    return (
        f"labels name the panels of a 3-D (one per channel) or 4-D (one per item) tensor; "
        f"shape {tuple(shape)} shows a single panel: use title= instead."
    )


def labels_length(count: int, expected: int, dim: str, shape: Sequence[int]) -> str:
    return f"got {count} labels but shape {tuple(shape)} has {expected} along {dim}; pass one label each."


def unknown_labels(type_name: str) -> str:
    return (
        f"labels must be a list of str, a pandas Series or DataFrame, or a pyarrow Table; "
        f"got a {type_name}."
    )


def float16_overflow(name: str, largest: float, limit: float) -> str:
    return (f"weight {name!r} holds {largest:.6g}, beyond float16's largest finite value {limit:g}; "
            "send weights as float32 (the default)")
