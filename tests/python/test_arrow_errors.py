"""What tensor_to_ipc refuses, and that the refusal says what to do."""
import numpy as np
import pytest
import torch

from netlens._arrow import MAX_NUMEL, tensor_to_ipc


@pytest.mark.parametrize(
    "x, word",
    [
        (np.array([{"a": 1}, None], dtype=object), "object"),
        (np.array(["a", "b"]), "str"),
        (np.array([b"a"]), "bytes"),
        (np.array([1 + 2j]), "complex"),
        (np.array(["2024-01-01"], dtype="datetime64[D]"), "datetime"),
        (np.array([1], dtype="timedelta64[s]"), "timedelta"),
        (np.zeros(2, dtype=[("a", "f4")]), "void"),
        (["a", "b"], "str"),
        (torch.tensor([1 + 2j]), "complex"),
    ],
)
def test_unsupported_dtypes_raise_type_error(x, word):
    with pytest.raises(TypeError) as err:
        tensor_to_ipc(x)
    text = str(err.value)
    assert word in text
    assert "float" in text and "bool" in text  # says what is accepted


def test_ragged_list_raises_type_error():
    with pytest.raises(TypeError, match="rectangular"):
        tensor_to_ipc([[1, 2], [3]])


def test_too_many_elements_without_allocating():
    huge = np.broadcast_to(np.float32(0), (MAX_NUMEL,))  # a view: 4 bytes of memory
    with pytest.raises(ValueError, match="int32") as err:
        tensor_to_ipc(huge)
    assert "slice" in str(err.value) and "kernel" in str(err.value)


def test_too_many_elements_torch_expand():
    huge = torch.zeros(1).expand(2**16, 2**15)
    with pytest.raises(ValueError, match="elements"):
        tensor_to_ipc(huge)


def test_too_many_elements_stub_checked_before_conversion():
    class Stub:
        shape = (2**20, 2**11)

        def __array__(self, *args, **kwargs):
            raise AssertionError("must not be converted")

    with pytest.raises(ValueError, match="browser"):
        tensor_to_ipc(Stub())


def test_just_below_the_limit_is_not_refused_by_the_count():
    # Not encoded (that would allocate 8 GiB): only the count check is exercised.
    from netlens._arrow import _check_numel

    _check_numel((MAX_NUMEL - 1,))
    with pytest.raises(ValueError):
        _check_numel((MAX_NUMEL,))


def test_dim_names_must_match_rank():
    with pytest.raises(ValueError, match="dim_names"):
        tensor_to_ipc(np.zeros((2, 2)), dim_names=["H"])
    with pytest.raises(ValueError, match="dim_names"):
        tensor_to_ipc(np.zeros((2, 2)), dim_names=["H", 1])
