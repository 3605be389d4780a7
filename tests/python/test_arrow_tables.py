"""table_to_ipc: what becomes a table, and view/large types cast to plain ones."""
import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from netlens._arrow import ipc_to_table, table_to_ipc


def round_trip(obj):
    return ipc_to_table(table_to_ipc(obj))


def test_list_of_str_becomes_label_column():
    table = round_trip(["cat", "<b>dog</b>", "café"])
    assert table.schema.field("label").type == pa.string()
    assert table.column("label").to_pylist() == ["cat", "<b>dog</b>", "café"]
    assert table.schema.metadata == {b"netlens:kind": b"table"}


def test_empty_list_is_zero_rows():
    table = round_trip([])
    assert table.num_rows == 0 and table.column_names == ["label"]


def test_list_of_non_str_is_refused():
    with pytest.raises(TypeError, match="str"):
        table_to_ipc(["a", 1])


def test_pandas_string_dtypes_become_plain_string():
    df = pd.DataFrame(
        {
            "default": ["a", "b"],
            "pyarrow": pd.array(["c", "d"], dtype="string[pyarrow]"),
            "python": pd.array(["e", None], dtype="string[python]"),
            "category": pd.Categorical(["x", "y"]),
            "score": [0.5, np.nan],
            "idx": np.array([1, 2], dtype=np.int64),
        },
        index=[10, 11],
    )
    table = round_trip(df)
    assert table.column_names == ["default", "pyarrow", "python", "category", "score", "idx"]  # no index column
    for name in ("default", "pyarrow", "python"):
        assert table.schema.field(name).type == pa.string()
    assert table.schema.field("category").type.value_type == pa.string()
    assert table.schema.field("score").type == pa.float64() and table.schema.field("idx").type == pa.int64()
    assert table.column("python").to_pylist() == ["e", None]
    assert table.schema.metadata == {b"netlens:kind": b"table"}  # pandas metadata dropped


def test_pandas_series_uses_its_name_or_label():
    assert round_trip(pd.Series(["a"], name="species")).column_names == ["species"]
    assert round_trip(pd.Series(["a"])).column_names == ["label"]


@pytest.mark.parametrize(
    "array, plain",
    [
        (pa.array(["a", None], pa.large_string()), pa.string()),
        (pa.array(["a", None], pa.string_view()), pa.string()),
        (pa.array([b"a"], pa.large_binary()), pa.binary()),
        (pa.array([b"a"], pa.binary_view()), pa.binary()),
        (pa.array(["a", "b", "a"], pa.string_view()).dictionary_encode(), pa.dictionary(pa.int32(), pa.string())),
        (pa.array([["a"], ["b", "c"]], pa.large_list(pa.large_string())), pa.list_(pa.string())),
        (pa.array([[1], [2, 3]], pa.list_view(pa.int64())), pa.list_(pa.int64())),
        (pa.array([{"s": "x"}], pa.struct([("s", pa.string_view())])), pa.struct([("s", pa.string())])),
    ],
)
def test_arrow_view_and_large_types_are_cast(array, plain):
    table = round_trip(pa.table({"c": array}))
    assert table.schema.field("c").type == plain
    assert table.column("c").to_pylist() == array.to_pylist()


def test_record_batch_and_dict():
    batch = pa.record_batch({"a": [1, 2]})
    assert round_trip(batch).column("a").to_pylist() == [1, 2]
    assert round_trip({"a": [1.5], "b": ["x"]}).column_names == ["a", "b"]


def test_plain_tables_pass_unchanged():
    table = pa.table({"a": pa.array([1], pa.int32()), "b": pa.array(["x"], pa.string())})
    assert round_trip(table).schema.remove_metadata().equals(table.schema)


@pytest.mark.parametrize("obj", [42, object(), np.zeros(3)])
def test_unsupported_objects_are_refused(obj):
    with pytest.raises(TypeError, match="DataFrame"):
        table_to_ipc(obj)
