"""Write the golden Arrow payloads that the TypeScript transport tests decode.

Each `.arrow` file is a payload exactly as the kernel sends it (netlens._arrow); golden.json
says what the browser must decode from it. tests/python/test_golden.py regenerates them and
checks the committed files still decode to the same values, so drift on either side shows.

Run from the repository root:  python tests/golden/make_golden.py [OUT_DIR]
"""
from __future__ import annotations

import importlib.util
import json
import math
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
if importlib.util.find_spec("netlens") is None:
    sys.path.insert(0, str(HERE.parents[1] / "python-shim"))

from netlens._arrow import ipc_to_table, tensor_to_ipc, table_to_ipc  # noqa: E402

INDEX_FILE = "golden.json"

#: Wire dtype → the tfjs dtype the browser makes of it (docs/transport.md §1).
BROWSER_DTYPE = {"float32": "float32", "float16": "float32", "int32": "int32", "uint8": "bool"}

INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1
#: Smallest positive float16 (a subnormal): checks the browser's float16 decoder handles them.
FLOAT16_TINIEST = 2.0**-24
FLOAT16_MAX = 65504.0


def tensor_cases() -> dict:
    """file name → (tensor, tensor_to_ipc keyword arguments)."""
    return {
        "f32_2x3x4.arrow": (
            np.arange(24, dtype=np.float32).reshape(2, 3, 4) * 0.5 - 3,
            {"dim_names": ["C", "H", "W"]},
        ),
        "f64_nan_inf_5.arrow": (np.array([1.5, np.nan, np.inf, -np.inf, -2.25], dtype=np.float64), {}),
        "i64_3x2.arrow": (np.array([[INT32_MIN, -1], [0, 1], [INT32_MAX, 42]], dtype=np.int64), {}),
        "bool_4.arrow": (np.array([True, False, False, True]), {}),
        "f16wire_2x2.arrow": (
            np.array([[0.5, -1.5], [FLOAT16_MAX, FLOAT16_TINIEST]], dtype=np.float16),
            {"float16": True},
        ),
        "u8_img_2x2x3.arrow": (
            np.array([[[0, 128, 255], [10, 20, 30]], [[255, 0, 0], [1, 2, 3]]], dtype=np.uint8),
            {"dim_names": ["H", "W", "C"]},
        ),
        "scalar.arrow": (np.array(7.0), {}),
    }


def table_case():
    import pandas as pd

    frame = pd.DataFrame(
        {
            "label": ["<b>x</b>", "café", "plain"],
            "score": np.array([0.25, -1.5, 3.0], dtype=np.float64),
            "idx": np.array([0, -7, 2**40], dtype=np.int64),
        }
    )
    return "table_labels.arrow", frame


def json_number(value: float):
    """JSON has no NaN/Infinity: they travel as strings."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    return value


def flat_values(x: np.ndarray, browser_dtype: str) -> list:
    flat = np.asarray(x).reshape(-1)
    if browser_dtype == "bool":
        return [bool(v) for v in flat]
    if browser_dtype == "int32":
        return [int(v) for v in flat]
    return [json_number(float(v)) for v in flat.astype(np.float32)]


def write_goldens(out_dir: Path) -> dict:
    """Write every golden file and the index into `out_dir`; returns the index."""
    out_dir.mkdir(parents=True, exist_ok=True)
    index = {}
    for name, (x, options) in tensor_cases().items():
        buf, info = tensor_to_ipc(x, **options)
        (out_dir / name).write_bytes(buf.to_pybytes())
        browser_dtype = BROWSER_DTYPE[info.dtype]
        index[name] = {
            "kind": "tensor",
            "shape": list(info.shape),
            "dtype": browser_dtype,
            "wire_dtype": info.dtype,
            "dim_names": list(info.dim_names or []),
            "source_dtype": info.source_dtype,
            "values": flat_values(x, browser_dtype),
        }
    name, frame = table_case()
    buf = table_to_ipc(frame)
    (out_dir / name).write_bytes(buf.to_pybytes())
    table = ipc_to_table(buf)
    index[name] = {
        "kind": "table",
        "columns": table.column_names,
        "types": [str(field.type) for field in table.schema],
        "num_rows": table.num_rows,
        "values": {column: [json_number(v) if isinstance(v, float) else v for v in table.column(column).to_pylist()]
                   for column in table.column_names},
    }
    (out_dir / INDEX_FILE).write_text(json.dumps(index, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return index


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for file_name in write_goldens(target):
        print(target / file_name)
