"""How torch values are spelled in the IR (docs/ir.md §1): dtypes, shapes, numbers.

Example:
    >>> import torch
    >>> ir_dtype(torch.int64), ir_dtype(torch.float64), ir_dtype(torch.bool)
    ('int32', 'float32', 'bool')
    >>> encode_number(float("-inf")), encode_number(0.5), encode_number(3)
    ({'float': '-inf'}, 0.5, 3)
"""
from __future__ import annotations

import math
from typing import Any, Dict, Optional, Union

import torch

#: torch dtypes the IR carries, and their IR spelling (int64 travels as int32, float64 as float32).
_IR_DTYPES = {
    torch.float32: "float32",
    torch.float64: "float32",
    torch.float16: "float32",
    torch.bfloat16: "float32",
    torch.int64: "int32",
    torch.int32: "int32",
    torch.int16: "int32",
    torch.int8: "int32",
    torch.uint8: "int32",
    torch.bool: "bool",
}

#: The dtype of a `sym_*` node's value.
SYM_DTYPE = "int"

#: aten's "to the end" slice bound (int64 max): clamped to something JSON and int32 can carry.
INT32_MAX = 2**31 - 1


def ir_dtype(dtype: torch.dtype) -> Optional[str]:
    """The IR dtype of a torch dtype, or None when the IR has none (complex, float8...)."""
    return _IR_DTYPES.get(dtype)


def encode_number(v: Union[int, float, bool]) -> Any:
    """A JSON-safe number: non-finite floats become {"float": "inf" | "-inf" | "nan"}."""
    if isinstance(v, float) and not math.isfinite(v):
        return {"float": "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")}
    return v


def encode_numbers(v: Any) -> Any:
    """`encode_number` applied through lists and dicts (a node's inputs and attrs).

    Example:
        >>> encode_numbers({"min": float("-inf"), "size": [2, {"ref": "n"}]})
        {'min': {'float': '-inf'}, 'size': [2, {'ref': 'n'}]}
    """
    if isinstance(v, list):
        return [encode_numbers(x) for x in v]
    if isinstance(v, dict):
        return {k: encode_numbers(x) for k, x in v.items()}
    return encode_number(v)


def dim_of(d: Any, names: Dict[str, str]) -> Union[int, str]:
    """A dimension as the IR writes it: an int, or an expression of symbols ("batch", "2*batch")."""
    if isinstance(d, int):
        return int(d)
    expr = d.node.expr
    if expr.is_number:
        return int(expr)
    renames = {s: type(s)(names[s.name]) for s in expr.free_symbols if s.name in names}
    return str(expr.xreplace(renames)) if renames else str(expr)


def shape_of(val: Any, names: Dict[str, str]) -> list:
    return [dim_of(d, names) for d in val.shape]
