"""Translators, op family by op family: small modules whose IR, run by the reference evaluator
(ir_eval.py), must equal the module's output at the example batch and at batch 3."""
from __future__ import annotations

import math

import pytest
import torch
import torch.nn as nn
import torch.nn.functional as F

import netlens
from ir_eval import evaluate
from test_bridge_suite import validate

RTOL = 1e-5


class Elementwise(nn.Module):
    def forward(self, x, y):
        a = (1 - x) * 2 + x.square() - x ** 3 / (y.abs() + 1)
        b = torch.where(x > 0, x, 0.5) + torch.maximum(x, y) - torch.minimum(x, y.clamp(max=0.3))
        c = x.clamp(min=-0.2) + torch.clamp(x, -1.0, 1.0) + x.masked_fill(y > 1, torch.tensor(3.0))
        d = torch.div(x, 0.7, rounding_mode="floor") + x.exp().log() + x.abs().sqrt() + (x.abs() + 1).rsqrt()
        e = x.sin() * x.cos() + torch.erf(x) + (x.abs() + 1).reciprocal() - (-x)
        f = ((x > 0) & ~(y > 0) | (x == y)).float() + (x != y).float() + (x <= y).float() + (x >= 0.5).float()
        return a + b + c + d + e + f


class Activations(nn.Module):
    def forward(self, x):
        return (F.relu6(x * 4) + F.hardswish(x) + F.hardsigmoid(x) + F.leaky_relu(x, 0.2) + F.elu(x, 0.7)
                + F.softplus(x, 2.0, 10.0) + F.gelu(x, approximate="tanh") + F.mish(x) + F.hardtanh(x, -0.5, 0.5)
                + torch.sigmoid(x) * torch.tanh(x) + F.silu(x) + F.log_softmax(x, -1) + F.softmax(x, 0))


class Reductions(nn.Module):
    def forward(self, x):
        values, indices = torch.max(x, dim=-1, keepdim=True)
        std = x.std(-1, keepdim=True) + x.var(dim=1, correction=0, keepdim=True) + x.var()
        norm = F.normalize(x, dim=-1) + x.norm(p=1, dim=-1, keepdim=True) + x.amax(dim=(1, 2), keepdim=True)
        return (values + std + norm + x.mean((1, 2), keepdim=True) + x.sum() - x.amin(-1, keepdim=True)
                + indices.float() + x.argmax(-1, keepdim=True).float())


class Shapes(nn.Module):
    def forward(self, x):  # x: (N, 4, 6)
        n = x.size(0)
        a = x.permute(0, 2, 1).reshape(n, -1).unflatten(1, (6, 4)).transpose(1, 2)
        b, c = x.chunk(2, dim=1)
        d = torch.cat(x.split([1, 3], dim=1)[::-1], dim=1) + torch.stack(x.unbind(1), 1)
        e = F.pad(x, (1, 2), value=0.5)[..., 1:-2] + x[:, 1:3].repeat(1, 2, 1) + x[:, -1:, ::2].repeat(1, 4, 2)
        f = x.unsqueeze(1).expand(-1, 2, -1, -1).sum(1) + x.flatten(1).view_as(x) + x.tril(1) + x.triu(-1)
        h = x[:, torch.tensor([2, 0])].sum(1, keepdim=True) + torch.index_select(x, 1, torch.tensor([3, 1, 0, 2]))
        i = torch.gather(x, 2, torch.arange(5, -1, -1).expand(n, 4, 6)) + x.select(1, 2).unsqueeze(1)
        j = torch.roll(x, 2, -1) + x.new_zeros(x.shape) + torch.zeros_like(x) + torch.ones(n, 4, 1) + torch.full_like(x, 2.0)
        return a + torch.cat([c, b], 1) + d + e + f + h + i + j + x[:, :1].squeeze(1).unsqueeze(1)


class Linalg(nn.Module):
    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(6, 5))
        self.b = nn.Parameter(torch.randn(5))

    def forward(self, x):  # (N, 4, 6)
        a = torch.bmm(x, x.transpose(1, 2)) @ x
        b = torch.addmm(self.b, x[:, 0], self.w, beta=0.5, alpha=2.0)
        c = torch.einsum("nij,jk->nik", x, self.w).sum(1)
        return a.sum(1)[:, :5] + b + c + torch.mm(x[:, 1], self.w)


class Layers(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding="same", dilation=2, bias=False)
        self.conv1 = nn.Conv1d(3, 4, 3, stride=2, padding=1)
        self.up = nn.ConvTranspose2d(4, 2, 3, stride=2, padding=1, output_padding=1, groups=2)
        self.bn = nn.BatchNorm1d(4)
        self.gn = nn.GroupNorm(2, 2, affine=False)
        self.ln = nn.LayerNorm([8], elementwise_affine=False)

    def forward(self, x):  # (N, 3, 8, 8)
        a = self.gn(self.up(F.relu(self.conv(x))))                      # (N, 2, 16, 16)
        a = F.interpolate(a, scale_factor=0.5, mode="bilinear", align_corners=True)
        b = F.avg_pool2d(x, 3, 2, 1, ceil_mode=True, count_include_pad=False, divisor_override=None)
        b = F.interpolate(b, size=(8, 8), mode="nearest") + F.adaptive_max_pool2d(x, 8)
        c = self.bn(self.conv1(x.mean(-1)))                              # (N, 4, 4)
        c = F.max_pool1d(c, 2, 1, ceil_mode=True) + F.avg_pool1d(c, 2, 1, count_include_pad=True)
        d = F.adaptive_max_pool1d(c, 1) + F.adaptive_avg_pool1d(c, 1)
        e = F.max_pool2d(x, 3, 1, 1, return_indices=True)[0] + self.ln(x)
        return a.sum((1, 2, 3)) + b.sum((1, 2, 3)) + d.sum((1, 2)) + e.sum((1, 2, 3))


class AtenLayers(nn.Module):
    """aten spellings that appear after functionalization (run_decompositions) or direct calls."""

    def __init__(self):
        super().__init__()
        self.w = nn.Parameter(torch.randn(4, 3, 3, 3) * 0.2)
        self.wt = nn.Parameter(torch.randn(4, 2, 2, 2) * 0.2)
        self.w1 = nn.Parameter(torch.randn(5, 4, 3) * 0.2)
        self.register_buffer("mean", torch.randn(4) * 0.1)
        self.register_buffer("var", torch.rand(4) + 0.5)

    def forward(self, x):  # (N, 3, 8, 8)
        aten = torch.ops.aten
        y = aten.convolution(x, self.w, None, [1, 1], [1, 1], [1, 1], False, [0, 0], 1)
        y = aten._native_batch_norm_legit_no_training(y, None, None, self.mean, self.var, 0.1, 1e-5)[0]
        y = aten.convolution(y, self.wt, None, [2, 2], [0, 0], [1, 1], True, [0, 0], 2)  # (N, 4, 16, 16)
        z = aten.native_layer_norm(y, [16], None, None, 1e-5)[0]
        v = aten.convolution(z.mean(-1), self.w1, None, [1], [0], [1], False, [0], 1)  # conv1d
        return v.sum(-1) + aten.native_group_norm(y, None, None, y.shape[0], 4, 256, 2, 1e-5)[0].mean((2, 3)).sum(1, keepdim=True)


class InPlace(nn.Module):
    def forward(self, x):
        y = x * 2
        y.relu_()
        z = y + 1
        y += 3
        y.mul_(z)
        return y, z


class Creation(nn.Module):
    def forward(self, tokens):  # int64 (N, T)
        n, t = tokens.shape
        pos = torch.arange(t).unsqueeze(0).expand(n, -1)
        mask = torch.full((n, t), -math.inf).masked_fill(tokens > 3, 0.0)
        hot = (tokens.unsqueeze(-1) == torch.arange(8)).to(torch.float32)
        return hot.sum(-1) + pos.float() + mask.exp() + torch.zeros(n, 1), tokens * 2 + 1


CASES = {
    "elementwise": (Elementwise, lambda: (torch.randn(2, 3, 5), torch.randn(2, 3, 5))),
    "activations": (Activations, lambda: (torch.randn(2, 3, 5),)),
    "reductions": (Reductions, lambda: (torch.randn(2, 3, 5),)),
    "shapes": (Shapes, lambda: (torch.randn(2, 4, 6),)),
    "linalg": (Linalg, lambda: (torch.randn(2, 4, 6),)),
    "layers": (Layers, lambda: (torch.randn(2, 3, 8, 8),)),
    "aten_layers": (AtenLayers, lambda: (torch.randn(2, 3, 8, 8),)),
    "in_place": (InPlace, lambda: (torch.randn(2, 5),)),
    "creation": (Creation, lambda: (torch.randint(0, 8, (2, 6)),)),
}


def _batch3(x):
    return torch.cat([x, x[:1]], 0)


@pytest.mark.parametrize("case", list(CASES))
def test_translation_matches_pytorch(case):
    torch.manual_seed(0)
    make_model, make_inputs = CASES[case]
    model, inputs = make_model().eval(), make_inputs()
    if case == "layers":
        model.bn.running_mean.uniform_(-0.5, 0.5)
        model.bn.running_var.uniform_(0.5, 1.5)
    m = netlens.export(model, inputs)
    validate(m.ir, m.weights)
    assert "batch" in m.ir["symbols"], m.notes
    for xs in (inputs, tuple(_batch3(x) for x in inputs)):
        with torch.no_grad():
            want = model(*xs)
            got, _ = evaluate(m.ir, m.weights, xs)
        want = [want] if isinstance(want, torch.Tensor) else list(want)
        for g, w in zip(got, want):
            assert g.shape == w.shape, case
            scale = max(float(w.abs().max()), 1e-6)
            assert float((g.double() - w.double()).abs().max()) <= RTOL * scale, case


def test_non_finite_numbers_are_spelled_as_objects():
    m = netlens.export(Creation().eval(), torch.randint(0, 8, (2, 6)))
    full = next(n for n in m.ir["nodes"] if n["op"] == "full" and n["attrs"]["value"] != 0)
    assert full["attrs"]["value"] == {"float": "-inf"}
    assert "Infinity" not in m.ir_json() and "NaN" not in m.ir_json()


def test_in_place_ops_become_out_of_place():
    m = netlens.export(InPlace().eval(), torch.randn(2, 5))
    assert [n["op"] for n in m.ir["nodes"]] == ["mul", "relu", "add", "add", "mul"]
    assert m.notes == []


def test_in_place_update_of_a_slice_is_reported():
    class SliceUpdate(nn.Module):
        def forward(self, x):
            y = x * 1
            y[:, 0] = 0.0
            return y

    with pytest.raises(netlens.bridge.UnsupportedOpError, match="scatter|copy"):
        netlens.export(SliceUpdate().eval(), torch.randn(2, 3))


def test_helper_nodes_keep_the_torch_name_for_the_result():
    class Std(nn.Module):
        def forward(self, x):
            return x.std(-1)

    m = netlens.export(Std().eval(), torch.randn(2, 4))
    assert [(n["name"], n["op"]) for n in m.ir["nodes"]] == [("std_var", "var"), ("std", "sqrt")]
    assert m.output_names == ["std"]
