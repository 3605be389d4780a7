"""What export does on the user's behalf and the errors it raises: eval mode, batch 1, static
fallback, unsupported ops, data-dependent control flow, input checks, float16 weights."""
from __future__ import annotations

import numpy as np
import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import netlens
from netlens._arrow import ipc_to_tensors
from netlens.bridge import ExportError, InputMismatchError, UnsupportedOpError

FLOAT16_RTOL = 2.0**-11


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3)
        self.bn = nn.BatchNorm2d(4)
        self.drop = nn.Dropout(0.5)
        self.head = nn.Sequential(nn.Flatten(), nn.Linear(4 * 6 * 6, 3))

    def forward(self, x):
        return self.head(self.drop(F.relu(self.bn(self.conv(x)))))


# --- modes and shapes -------------------------------------------------------------------------

def test_train_mode_exports_in_eval_mode_and_restores_the_users_modes():
    model = Net().train()
    model.bn.eval()  # the user's own choice, kept as it was
    with pytest.warns(UserWarning, match="training mode"):
        m = netlens.export(model, torch.randn(2, 3, 8, 8))
    assert any("eval mode" in note for note in m.notes)
    assert model.training and model.conv.training and model.drop.training and not model.bn.training
    ops = {n["op"] for n in m.ir["nodes"]}
    assert "batch_norm" in ops and "identity" in ops  # dropout folded


def test_eval_mode_model_exports_silently():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        m = netlens.export(Net().eval(), torch.randn(2, 3, 8, 8))
    assert m.notes == []


def test_batch_one_example_still_exports_a_dynamic_batch():
    m = netlens.export(Net().eval(), torch.randn(1, 3, 8, 8))
    assert m.ir["inputs"][0]["shape"] == ["batch", 3, 8, 8]
    assert "batch" in m.ir["symbols"]
    assert any("batch of 1" in note for note in m.notes)
    m.check_inputs(torch.randn(1, 3, 8, 8))
    m.check_inputs(torch.randn(7, 3, 8, 8))


def test_numpy_examples_are_accepted():
    m = netlens.export(nn.Linear(3, 2).eval(), np.random.rand(4, 3).astype(np.float32))
    assert m.ir["inputs"][0]["shape"] == ["batch", 3]


def test_a_fixed_batch_falls_back_to_static_shapes_with_a_note():
    class FixedBatch(nn.Module):
        def forward(self, x):
            return x.view(2, -1).sum(1) if x.shape[0] == 2 else x

    m = netlens.export(FixedBatch().eval(), torch.randn(2, 3, 4))
    assert m.ir["inputs"][0]["shape"] == [2, 3, 4]
    assert m.ir["symbols"] == {}
    assert any("fixed shapes" in note for note in m.notes)


def test_dynamic_batch_off():
    m = netlens.export(nn.Linear(3, 2).eval(), torch.randn(4, 3), dynamic_batch=False)
    assert m.ir["inputs"][0]["shape"] == [4, 3]


# --- unsupported ops and capture failures ---------------------------------------------------

class Unfold(nn.Module):
    def forward(self, x):
        return x.unfold(-1, 2, 1).sum(-1)


class Spectrum(nn.Module):
    def forward(self, x):
        return torch.fft.fft(x).abs()


def test_unsupported_ops_are_listed_together_with_module_paths():
    model = nn.Sequential(nn.Linear(8, 8), nn.ReLU(), nn.Sequential(nn.Identity(), Unfold()), Spectrum()).eval()
    with pytest.raises(UnsupportedOpError) as info:
        netlens.export(model, torch.randn(2, 8))
    text = str(info.value)
    assert "aten.unfold at 2.1 (Unfold)" in text
    assert "aten.fft_fft at 3 (Spectrum)" in text
    assert 'compute="kernel"' in text
    assert info.value.items[0] == "aten.unfold at 2.1 (Unfold)"


def test_im2col_from_functional_unfold_is_reported():
    class Patches(nn.Module):
        def forward(self, x):
            return F.unfold(x, 2)

    with pytest.raises(UnsupportedOpError, match=r"aten\.im2col at \(root\) \(Patches\)"):
        netlens.export(Patches().eval(), torch.randn(2, 1, 4, 4))


def test_a_complex_result_is_reported_at_the_op_that_makes_it():
    class Spectrum(nn.Module):
        def forward(self, x):
            f = torch.fft.rfft(x, dim=-1)[:, :3]  # the slice has a translator; its complex result does not fit
            return torch.cat([f.real, f.imag], 1)

    with pytest.raises(UnsupportedOpError, match=r"aten\.slice at \(root\) \(Spectrum\): produces a complex64 tensor"):
        netlens.export(Spectrum().eval(), torch.randn(2, 8))


def test_max_pool_indices_are_reported_at_the_pooling_op():
    class Unpool(nn.Module):
        def forward(self, x):
            values, indices = F.max_pool2d(x, 2, return_indices=True)
            return values + indices

    with pytest.raises(UnsupportedOpError, match=r"aten\.max_pool2d_with_indices at \(root\) \(Unpool\): the indices"):
        netlens.export(Unpool().eval(), torch.randn(2, 1, 4, 4))


def test_batch_norm_without_running_statistics_needs_eval_mode():
    model = nn.Sequential(nn.Conv2d(1, 2, 1), nn.BatchNorm2d(2, track_running_stats=False)).eval()
    with pytest.raises(UnsupportedOpError, match=r"aten\.batch_norm at 1 \(BatchNorm2d\).*eval mode"):
        netlens.export(model, torch.randn(2, 1, 3, 3))


class DataDependent(nn.Module):
    def forward(self, x):
        if x.sum() > 0:
            return x * 2
        return x


def test_data_dependent_control_flow_is_an_export_error():
    with pytest.raises(ExportError) as info:
        netlens.export(DataDependent().eval(), torch.randn(2, 3))
    text = str(info.value)
    assert "data-dependent" in text
    assert "test_bridge_errors.py" in text and "if x.sum() > 0:" in text
    assert 'compute="kernel"' in text
    assert info.value.__cause__ is not None


def test_bad_arguments():
    with pytest.raises(TypeError, match="nn.Module"):
        netlens.export(lambda x: x, torch.randn(2))
    with pytest.raises(ValueError, match="weights_dtype"):
        netlens.export(nn.Linear(2, 2), torch.randn(2, 2), weights_dtype="int8")
    with pytest.raises(TypeError, match="example input 1"):
        netlens.export(nn.Linear(2, 2), (torch.randn(2, 2), "text"))


# --- inputs -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_inputs():
    class Pair(nn.Module):
        def forward(self, x, tokens):
            return x.mean(-1) + tokens.float()

    return netlens.export(Pair().eval(), (torch.randn(2, 5, 4), torch.randint(0, 9, (2, 5))))


@pytest.mark.parametrize("inputs, pattern", [
    ((torch.randn(2, 5, 4),), r"takes 2 inputs \(x, tokens\), got 1"),
    ((torch.randn(2, 5), torch.zeros(2, 5, dtype=torch.long)), r"input x has shape \[2, 5\] \(2-D\).*\[batch, 5, 4\]"),
    ((torch.randn(2, 6, 4), torch.zeros(2, 5, dtype=torch.long)), r"input x has shape \[2, 6, 4\].*\[batch, 5, 4\]"),
    ((torch.randn(3, 5, 4), torch.zeros(2, 5, dtype=torch.long)), r"input tokens has batch=2.*batch=3"),
    ((torch.randn(2, 5, 4), torch.zeros(2, 5)), r"input tokens is float32.*int32"),
    ((np.zeros((2, 5, 4), dtype=np.int64), np.zeros((2, 5), dtype=np.int64)), r"input x is int64.*float32"),
])
def test_check_inputs_names_input_and_shapes(two_inputs, inputs, pattern):
    with pytest.raises(InputMismatchError, match=pattern):
        two_inputs.check_inputs(*inputs)


def test_check_inputs_accepts_other_batch_sizes(two_inputs):
    two_inputs.check_inputs(torch.randn(9, 5, 4), torch.zeros(9, 5, dtype=torch.int32))


# --- weights ------------------------------------------------------------------------------

def test_float16_weights_round_trip_within_the_documented_bound():
    torch.manual_seed(0)
    m = netlens.export(Net().eval(), torch.randn(2, 3, 8, 8), weights_dtype="float16")
    decoded = ipc_to_tensors(m.weights_ipc())
    full = ipc_to_tensors(m.weights_ipc(float16=False))
    for name, value in m.weights.items():
        if value.dtype.kind != "f":
            continue
        assert decoded[name].dtype == np.float16 and full[name].dtype == np.float32
        err = np.abs(decoded[name].astype(np.float32) - value)
        # Rounding to nearest: 2**-11 of the value, or half a subnormal step below 6.1e-5.
        assert np.all(err <= np.abs(value) * FLOAT16_RTOL + 2.0**-25), name


def test_float16_refuses_weights_beyond_65504():
    model = nn.Linear(2, 2)
    with torch.no_grad():
        model.weight[0, 0] = 1e5
    m = netlens.export(model.eval(), torch.randn(2, 2))
    m.weights_ipc()  # float32 is fine
    with pytest.raises(ValueError, match=r"'weight'.*65504.*float32"):
        m.weights_ipc(float16=True)
    with pytest.raises(ValueError, match=r"'weight'.*65504"):
        netlens.export(model.eval(), torch.randn(2, 2), weights_dtype="float16")


def test_integer_buffers_travel_as_int32():
    class Lookup(nn.Module):
        def __init__(self):
            super().__init__()
            self.register_buffer("table", torch.tensor([3, 1, 2]))

        def forward(self, x):
            return x * self.table

    m = netlens.export(Lookup().eval(), torch.randn(2, 3))
    (w,) = m.ir["weights"]
    assert w["dtype"] == "int32" and m.weights[w["name"]].dtype == np.int32


def test_repr_and_helpers():
    m = netlens.export(Net().eval(), torch.randn(2, 3, 8, 8))
    assert repr(m) == "ExportedModel(Net: x[batch,3,8,8] → 1 output, 6 nodes, 555 parameters, dynamic batch)"
    groups = m.nodes_by_module()
    assert groups["conv"] == ["conv2d"] and groups["head.1"] == ["linear"]
    assert m.input_names == ["x"] and m.output_names == ["linear"]
