"""ModelView: placement (browser/kernel, with reasons), payloads, runs and results, on a mock browser.

The browser's compute is covered by jest (tests/unit/runtime/graph) and end to end by
tests/e2e/model-bridge.spec.ts; here the kernel side and the kernel path are checked against PyTorch.
"""
import json

import numpy as np
import pytest
import torch
import torch.nn as nn

from mock_browser import MockBrowser
from netlens import ModelView
from netlens._arrow import ipc_to_tensors, tensors_to_ipc
from netlens.bridge import InputMismatchError, UnsupportedOpError
from netlens.widgets import _model_link


class Net(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv = nn.Conv2d(3, 4, 3, padding=1)
        self.head = nn.Linear(4, 5)

    def forward(self, x):
        return self.head(torch.relu(self.conv(x)).mean(dim=(2, 3)))


class Spectral(nn.Module):
    def __init__(self):
        super().__init__()
        self.head = nn.Linear(5, 3)

    def forward(self, x):
        return self.head(torch.fft.rfft(x, dim=-1).abs())


@pytest.fixture
def net():
    torch.manual_seed(0)
    return Net().eval(), torch.randn(2, 3, 8, 8)


def test_browser_path_sends_ir_weights_and_run_requests(net):
    model, x = net
    w = ModelView(model, x, taps=["conv"])
    assert (w.compute_used, w.compute_reason) == ("browser", "the model exported and fits the browser")
    ir = json.loads(w.ir)
    assert ir["format"] == "netlens.ir" and [n["op"] for n in ir["nodes"]][:2] == ["conv2d", "relu"]
    browser = MockBrowser(w)
    browser.ready()  # a late page asks: everything stored is sent again
    weights = ipc_to_tensors(browser.payloads["weights"])
    assert set(weights) == set(w.exported.weights)
    run = w.forward(x[:1])
    browser.pump()
    request = [c for c, _ in browser.log if c.get("type") == "nl:run"][-1]
    assert request == {"kind": "forward", "type": "nl:run", "id": run, "taps": ["conv"]}
    inputs = ipc_to_tensors(browser.payloads["inputs"])
    assert inputs["run"].tolist() == [run] and inputs["x"].shape == (1, 3, 8, 8)
    # The browser answers with a result payload; it lands in `result`, `results` and callbacks.
    seen = []
    w.on_result(seen.append)
    answer, _ = tensors_to_ipc({"output:0": np.ones((1, 5), np.float32), "run": np.array([run], np.int32)})
    browser.send_payload("result", "tensors", answer)
    assert w.results[run]["output:0"].shape == (1, 5) and seen == [w.result]
    w.close()


def test_kernel_path_matches_pytorch_and_feeds_the_view(net):
    model, x = net
    w = ModelView(model, x, compute="kernel", taps=["conv"])
    assert w.compute_used == "kernel" and w.ir == ""
    with torch.no_grad():
        expected = model(x).numpy()
        conv = model.conv(x).numpy()
    np.testing.assert_allclose(w.result["output:0"], expected, rtol=1e-6)
    np.testing.assert_allclose(w.result["tap:conv"], conv, rtol=1e-6)
    run = w.gradient(target=2)
    xg = x.clone().requires_grad_(True)
    model(xg)[:, 2].sum().backward()
    np.testing.assert_allclose(w.results[run]["grad:x"], xg.grad.numpy(), rtol=1e-5, atol=1e-7)
    browser = MockBrowser(w)
    browser.ready()
    shown = ipc_to_tensors(browser.payloads["result"])
    assert shown["run"].tolist() == [run] and "grad:x" in shown
    w.close()


def test_auto_falls_back_to_the_kernel_naming_the_op_and_module():
    torch.manual_seed(0)
    x = torch.randn(2, 3, 8)
    w = ModelView(Spectral().eval(), x)
    assert w.compute_used == "kernel"
    assert "aten.fft_rfft at (root) (Spectral)" in w.compute_reason and 'compute="kernel"' in w.compute_reason
    with torch.no_grad():
        np.testing.assert_allclose(w.result["output:0"], Spectral().eval().load_state_dict(w._model.state_dict()) and w._model(x).numpy(), rtol=1e-6)
    with pytest.raises(UnsupportedOpError, match="fft_rfft"):
        ModelView(Spectral().eval(), x, compute="browser")
    w.close()


def test_weights_over_the_browser_limit_run_in_the_kernel(net, monkeypatch):
    model, x = net
    monkeypatch.setattr(_model_link, "BROWSER_WEIGHT_LIMIT", 100)
    w = ModelView(model, x)
    assert w.compute_used == "kernel" and "over the browser limit" in w.compute_reason
    forced = ModelView(model, x, compute="browser")
    assert forced.compute_used == "browser"
    w.close()
    forced.close()


def test_train_mode_is_exported_in_eval_mode_and_said(net):
    model, x = net
    model.train()
    with pytest.warns(UserWarning):
        w = ModelView(model, x)
    assert model.training, "the user's mode is restored"
    assert any("eval" in note for note in w.summary["notes"])
    w.close()


def test_bad_arguments_are_clear(net):
    model, x = net
    with pytest.raises(TypeError, match="colour"):
        ModelView(model, x, colour="red")
    with pytest.raises(ValueError, match="compute must be one of"):
        ModelView(model, x, compute="gpu")
    w = ModelView(model, x)
    with pytest.raises(InputMismatchError, match="x"):
        w.forward(torch.randn(2, 3, 9, 9, 2))
    w.close()


def test_layers_and_summary(net):
    model, x = net
    w = ModelView(model, x)
    paths = [row["path"] for row in w.layers]
    assert paths == ["conv", "head"]
    assert w.layers[0]["params"] == 4 * 3 * 9 + 4 and w.layers[0]["shape"] == ["batch", 4, 8, 8]
    assert w.summary["parameters"] == sum(p.numel() for p in model.parameters())
    w.close()
