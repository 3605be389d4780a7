"""The committed golden payloads (tests/golden) still match what the shim writes today."""
import importlib.util
import json
import math
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest

from netlens._arrow import ipc_to_table, ipc_to_tensor

GOLDEN = Path(__file__).resolve().parents[1] / "golden"
INDEX = json.loads((GOLDEN / "golden.json").read_text(encoding="utf-8"))


def load_maker():
    spec = importlib.util.spec_from_file_location("make_golden", GOLDEN / "make_golden.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory):
    out = tmp_path_factory.mktemp("golden")
    return out, load_maker().write_goldens(out)


def from_json(value):
    return {"NaN": math.nan, "Infinity": math.inf, "-Infinity": -math.inf}.get(value, value)


def test_index_is_unchanged(regenerated):
    _, index = regenerated
    assert index == INDEX, "run: python tests/golden/make_golden.py"


@pytest.mark.parametrize("name", [n for n, e in INDEX.items() if e["kind"] == "tensor"])
def test_committed_tensor_decodes_as_described(name, regenerated):
    out, _ = regenerated
    entry = INDEX[name]
    committed = ipc_to_tensor((GOLDEN / name).read_bytes())
    fresh = ipc_to_tensor((out / name).read_bytes())
    np.testing.assert_array_equal(committed, fresh)
    assert committed.dtype == fresh.dtype
    assert list(committed.shape) == entry["shape"]
    expected = np.array([from_json(v) for v in entry["values"]], dtype=committed.dtype).reshape(entry["shape"])
    np.testing.assert_array_equal(committed, expected)
    schema = pa.ipc.open_stream((GOLDEN / name).read_bytes()).schema
    assert schema.metadata[b"netlens:source_dtype"].decode() == entry["source_dtype"]
    assert list(schema.field(0).type.dim_names or []) == entry["dim_names"]
    assert str(schema.field(0).type.value_type) == {"float32": "float", "float16": "halffloat"}.get(
        entry["wire_dtype"], entry["wire_dtype"]
    )


@pytest.mark.parametrize("name", [n for n, e in INDEX.items() if e["kind"] == "table"])
def test_committed_table_decodes_as_described(name, regenerated):
    out, _ = regenerated
    entry = INDEX[name]
    committed = ipc_to_table((GOLDEN / name).read_bytes())
    assert committed.equals(ipc_to_table((out / name).read_bytes()))
    assert committed.column_names == entry["columns"]
    assert [str(f.type) for f in committed.schema] == entry["types"]
    for column in entry["columns"]:
        assert committed.column(column).to_pylist() == [from_json(v) for v in entry["values"][column]]
    assert committed.schema.metadata == {b"netlens:kind": b"table"}


def test_every_golden_file_is_indexed():
    files = {p.name for p in GOLDEN.glob("*.arrow")}
    assert files == set(INDEX)
