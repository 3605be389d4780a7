"""The kernel path (KernelModel): forward equals model(x), taps equal forward hooks, gradients
equal torch.autograd on the original model — with an exported program and without one."""
from __future__ import annotations

import pytest
import torch

import netlens
from netlens.bridge import KernelModel, UnknownTapError

ATOL = 1e-6


def _hooked(model, path, inputs, grad_wrt_output=None):
    """model(*inputs) with a forward hook on `path`: (output, the module's first tensor output)."""
    seen = {}
    module = dict(model.named_modules())[path]

    def hook(mod, args, out):
        first = out if isinstance(out, torch.Tensor) else out[0]
        seen["value"] = first
        if grad_wrt_output is not None:
            first.retain_grad()

    handle = module.register_forward_hook(hook)
    try:
        out = model(*inputs)
    finally:
        handle.remove()
    return out, seen["value"]


def _objective(outputs, taps):
    return sum((o * torch.linspace(-1, 1, o.numel()).reshape(o.shape)).sum() for o in outputs)


@pytest.mark.parametrize("name, tap", [("resnet18", "layer2.1"), ("gpt_sdpa", "blocks.0.attn"), ("lstm", "embedding"),
                                       ("unet", "dec2")])
def test_forward_and_module_tap_match_pytorch(exported_suite, name, tap):
    spec, m = exported_suite(name)
    kernel = KernelModel(spec.model, m)
    outputs, taps = kernel.forward(*spec.inputs, taps=[tap])
    with torch.no_grad():
        want, hooked = _hooked(spec.model, tap, spec.inputs)
    assert torch.allclose(outputs[0], want, atol=ATOL)
    assert torch.allclose(taps[tap], hooked, atol=ATOL)


def test_tap_by_node_name_and_input_name(exported_suite):
    spec, m = exported_suite("cnn")
    kernel = KernelModel(spec.model, m)
    _, taps = kernel.forward(*spec.inputs, taps=["x", "conv2d", "features.2"])
    assert torch.equal(taps["x"], spec.inputs[0])
    with torch.no_grad():
        conv = spec.model.features[0](spec.inputs[0])
    assert torch.allclose(taps["conv2d"], conv, atol=ATOL)
    assert taps["features.2"].min() >= 0  # the ReLU's output


@pytest.mark.parametrize("name", ["mlp", "cnn", "gru", "unet"])
def test_input_gradient_equals_autograd(exported_suite, name):
    spec, m = exported_suite(name)
    value, grad, _ = KernelModel(spec.model, m).gradient(*spec.inputs, objective=_objective, wrt="x")
    x = spec.inputs[0].clone().requires_grad_(True)
    loss = _objective([spec.model(x)], {})
    (want,) = torch.autograd.grad(loss, x)
    assert value == pytest.approx(float(loss.detach()), rel=1e-5)
    assert torch.allclose(grad, want, atol=1e-5, rtol=1e-4)


def test_tap_gradient_equals_autograd(exported_suite):
    spec, m = exported_suite("text_cnn")
    kernel = KernelModel(spec.model, m)
    _, grad, taps = kernel.gradient(*spec.inputs, objective=_objective, wrt="embedding", taps=["embedding"])
    out, emb = _hooked(spec.model, "embedding", spec.inputs, grad_wrt_output=True)
    (want,) = torch.autograd.grad(_objective([out], {}), emb)
    assert grad.shape == taps["embedding"].shape == emb.shape
    assert torch.allclose(grad, want, atol=1e-6)


def test_hooks_path_without_an_exported_program():
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Linear(4, 5), torch.nn.Tanh(), torch.nn.Linear(5, 2)).eval()
    x = torch.randn(3, 4)
    kernel = KernelModel(model)
    outputs, taps = kernel.forward(x, taps=["1"])
    assert torch.allclose(outputs[0], model(x))
    assert torch.allclose(taps["1"], torch.tanh(model[0](x)))
    _, grad_x, _ = kernel.gradient(x, objective=_objective, wrt="input")
    xg = x.clone().requires_grad_(True)
    (want,) = torch.autograd.grad(_objective([model(xg)], {}), xg)
    assert torch.allclose(grad_x, want, atol=1e-6)
    _, grad_tap, _ = kernel.gradient(x, objective=_objective, wrt="1")
    hidden = torch.tanh(model[0](x)).detach().requires_grad_(True)
    (want_tap,) = torch.autograd.grad(_objective([model[2](hidden)], {}), hidden)
    assert torch.allclose(grad_tap, want_tap, atol=1e-6)


def test_unknown_tap_suggests_close_names(exported_suite):
    spec, m = exported_suite("resnet18")
    with pytest.raises(UnknownTapError, match=r"'layer1\.O'.*'layer1\.0'"):
        KernelModel(spec.model, m).forward(*spec.inputs, taps=["layer1.O"])
    with pytest.raises(UnknownTapError, match="module paths"):
        KernelModel(spec.model).forward(*spec.inputs, taps=["layer1.O"])


def test_gradient_needs_a_float_wrt(exported_suite):
    spec, m = exported_suite("text_cnn")
    with pytest.raises(ValueError, match="embedding output"):
        KernelModel(spec.model, m).gradient(*spec.inputs, objective=_objective, wrt="tokens")


def test_kernel_checks_inputs_against_the_export(exported_suite):
    spec, m = exported_suite("cnn")
    with pytest.raises(netlens.bridge.InputMismatchError):
        KernelModel(spec.model, m).forward(torch.randn(2, 3, 15, 16))
