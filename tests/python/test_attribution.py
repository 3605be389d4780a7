"""Attribution widget, kernel side: checks before anything is sent, traits in every form the
constructor takes, payloads to the browser, results back from it, and the kernel path (Captum)
against Captum called directly. The browser's methods are checked against Captum in jest
(tests/unit/methods/attribution/captum.test.ts) and end to end in tests/e2e/attribution.spec.ts.
"""
import numpy as np
import pytest
import torch
import torch.nn as nn
from captum.attr import IntegratedGradients, NeuronGradient, Saliency
from traitlets import TraitError

from mock_browser import MockBrowser
from netlens import Attribution
from netlens._arrow import ipc_to_tensors, tensors_to_ipc


class ConvNet(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(nn.Conv2d(3, 6, 3, padding=1), nn.ReLU(), nn.Conv2d(6, 8, 3, padding=1), nn.ReLU())
        self.head = nn.Linear(8, 4)

    def forward(self, x):
        return self.head(self.features(x).mean(dim=(2, 3)))


class Spectral(nn.Module):
    """An FFT: the browser lacks it, so the kernel (Captum) computes."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(3 * 8 * 5, 4)

    def forward(self, x):
        return self.head(torch.fft.rfft(x, dim=-1).abs().flatten(1))


class Words(nn.Module):
    def __init__(self):
        super().__init__()
        self.embedding = nn.Embedding(20, 6)
        self.head = nn.Linear(6, 3)

    def forward(self, ids):
        return self.head(torch.tanh(self.embedding(ids)).mean(1))


@pytest.fixture
def conv():
    torch.manual_seed(0)
    return ConvNet().eval(), torch.randn(3, 3, 8, 8)


# --- checks before anything is sent -----------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, match", [
    ({"target": 4}, ValueError, r"target 4 is out of range: the model's output \(dimension of size 4\) has 4 entries \(valid: 0…3\)"),
    ({"target": [1, 2]}, ValueError, r"got 2 targets for 3 examples"),
    ({"target": (1, 0)}, ValueError, r"target has 2 indices but the output has 1 non-batch dimension"),
    ({"target": "features.9:0"}, ValueError, r"target: the model has no layer 'features.9'; did you mean"),
    ({"target": "features.2:8"}, ValueError, r"target 8 is out of range: layer 'features.2'"),
    ({"target": 1.5}, ValueError, r"target must be None"),
    ({"methods": ["shap"]}, ValueError, r"unknown attribution method 'shap'; valid: 'saliency'"),
    ({"methods": [{"method": "integrated_gradients", "params": {"n_step": 5}}]}, TypeError, r"has no parameter 'n_step'; valid: 'n_steps'"),
    ({"methods": [{"method": "integrated_gradients", "params": {"method": "simpson"}}]}, ValueError, r"method must be 'gausslegendre' or"),
    ({"methods": [{"method": "grad_cam", "params": {"layer": "head"}}]}, ValueError, r"Grad-CAM needs a convolutional layer.*'head' outputs \['batch', 4\]\. Layers that work: 'features.0'"),
    ({"methods": [{"method": "grad_cam", "params": {"layer": "featurez"}}]}, ValueError, r"no layer 'featurez'; did you mean 'features'"),
    ({"methods": [{"method": "deeplift", "params": {"baselines": torch.zeros(3, 4, 4)}}]}, ValueError, r"the baseline has shape \(3, 4, 4\); it must match the inputs \(3, 3, 8, 8\)"),
    ({"methods": ["saliency", {"method": "saliency"}]}, ValueError, r"two methods share the label 'saliency'"),
    ({"methods": [{"method": "saliency", "noise_tunnel": {"type": "smooth"}}]}, ValueError, r"noise_tunnel must be None or a dict"),
    ({"labels": ["a", "b"]}, TraitError, r"got 2 labels for 4 classes"),
    ({"colour": "red"}, TypeError, r"unexpected keyword argument 'colour'"),
])
def test_bad_input_is_refused_with_a_clear_message(conv, kwargs, error, match):
    model, x = conv
    with pytest.raises(error, match=match):
        Attribution(model, x, **kwargs)


def test_non_finite_inputs_and_bad_shapes(conv):
    model, x = conv
    x = x.clone()
    x[1, 2, 3, 4] = float("inf")
    with pytest.raises(ValueError, match=r"1 NaN or infinite value\(s\) \(first at \(1, 2, 3, 4\)\)"):
        Attribution(model, x)
    with pytest.raises(ValueError, match="batch dimension"):
        Attribution(model, torch.randn(8))


def test_token_strings_must_fit_the_inputs():
    ids = torch.randint(0, 20, (2, 5))
    with pytest.raises(ValueError, match="example 1 has 4 token strings but its input has 5 positions"):
        Attribution(Words().eval(), ids, tokens=[list("abcde"), list("abcd")])


# --- traits ----------------------------------------------------------------------------------

def test_methods_are_spelled_out_and_targets_take_every_form(conv):
    model, x = conv
    w = Attribution(model, x, methods=["saliency", "ig", "smoothgrad", "gradcam"])
    assert [m["label"] for m in w.methods] == ["saliency", "integrated_gradients", "smoothgrad", "grad_cam"]
    assert [m["title"] for m in w.methods] == ["Saliency", "Integrated Gradients", "SmoothGrad", "Grad-CAM"]
    smooth = w.methods[2]
    span = float(x.max() - x.min())
    assert smooth["method"] == "saliency" and smooth["noise_tunnel"]["samples"] == 16
    assert smooth["noise_tunnel"]["stdev"] == pytest.approx(0.15 * span)
    assert w.methods[3]["params"] == {"layer": "features"}  # the last feature map (the block that returns it)
    assert w.target == {"kind": "predicted"}
    w.target = 2
    assert w.target == {"kind": "class", "classes": [2]}
    w.target = [0, 1, 3]
    assert w.target == {"kind": "class", "classes": [0, 1, 3]}
    w.target = "features.2:5"
    assert w.target == {"kind": "tap", "tap": "features.2", "index": [5], "reduce": "mean"}
    with pytest.raises(ValueError, match="out of range"):
        w.target = 9
    w.methods = ["deeplift", {"method": "occlusion", "params": {"sliding_window_shapes": [3, 4, 4]}}]
    assert [m["label"] for m in w.methods] == ["deeplift", "occlusion"]
    with pytest.raises(TraitError, match="index must be in"):
        w.index = 3
    with pytest.raises(TraitError, match="top_k"):
        w.top_k = 0
    w.suggest_layer = "features.2"
    with pytest.raises(TraitError, match="no layer 'features.22'"):
        w.suggest_layer = "features.22"


def test_defaults_follow_the_model(conv):
    model, x = conv
    assert [m["label"] for m in Attribution(model, x).methods] == ["saliency", "integrated_gradients", "grad_cam"]
    mlp = nn.Sequential(nn.Linear(5, 3)).eval()
    w = Attribution(mlp, torch.randn(2, 5))
    assert [m["label"] for m in w.methods] == ["saliency", "input_x_gradient", "integrated_gradients"]
    assert w.kind == "tabular"
    words = Attribution(Words().eval(), torch.randint(0, 20, (2, 5)))
    assert (words.kind, words.models[0]["at"]) == ("text", "embedding")


# --- payloads and results (browser path) --------------------------------------------------------

def test_browser_path_sends_inputs_and_weights_and_reads_results(conv):
    model, x = conv
    base = torch.rand(3, 8, 8)
    w = Attribution(model, x, methods=["saliency", {"method": "integrated_gradients", "params": {"baselines": base}}], top_k=2)
    assert w.models[0]["compute_used"] == "browser"
    browser = MockBrowser(w)
    browser.ready()
    assert ipc_to_tensors(browser.payloads["inputs"])["x"].shape == (3, 3, 8, 8)
    assert set(ipc_to_tensors(browser.payloads["weights:0"])) == set(w._placements[0].exported.weights)
    given = ipc_to_tensors(browser.payloads["given"])
    np.testing.assert_array_equal(given["integrated_gradients:baselines"], base.numpy())
    assert w.methods[1]["params"]["baselines"] == {"tensor": "integrated_gradients:baselines"}
    # The browser answers with maps for two target slots and a delta for IG.
    maps = {f"0|saliency|{k}": np.full((3, 3, 8, 8), k, np.float32) for k in range(2)}
    maps.update({f"0|integrated_gradients|{k}": np.full((3, 3, 8, 8), 10 + k, np.float32) for k in range(2)})
    maps.update({f"0|integrated_gradients|{k}|delta": np.full((3,), 0.5 + k, np.float32) for k in range(2)})
    seen = []
    w.on_result(seen.append)
    browser.send_payload("results", "tensors", tensors_to_ipc(maps)[0])
    assert w.attributions["saliency"].shape == (3, 2, 3, 8, 8)
    assert w.attributions["integrated_gradients"][0, 1, 0, 0, 0] == 11
    assert w.deltas["integrated_gradients"].tolist() == [[0.5, 1.5]] * 3
    assert seen and "saliency" in seen[-1]
    w.cancel()
    w.randomization_check("integrated_gradients", index=2, seed=5)
    browser.pump()
    sent = [c for c, _ in browser.log if c.get("type") in ("nl:cancel", "nl:randomize")]
    assert sent == [{"type": "nl:cancel"}, {"type": "nl:randomize", "model": 0, "label": "integrated_gradients", "index": 2, "seed": 5}]
    with pytest.raises(ValueError, match="unknown attribution method 'lrp'"):
        w.randomization_check("lrp")
    w.close()


# --- kernel path (Captum) ----------------------------------------------------------------------

def test_kernel_path_is_captum(conv):
    model, x = conv
    w = Attribution(model, x, target=[0, 2, 3], methods=["saliency", {"method": "integrated_gradients", "params": {"n_steps": 16}}],
                    compute="kernel")
    assert w.models[0]["compute_used"] == "kernel"
    sal = Saliency(model).attribute(x, target=[0, 2, 3]).numpy()
    ig, delta = IntegratedGradients(model).attribute(x, target=[0, 2, 3], n_steps=16, return_convergence_delta=True)
    np.testing.assert_allclose(w.attributions["saliency"], sal, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(w.attributions["integrated_gradients"], ig.numpy(), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(w.deltas["integrated_gradients"], delta.numpy(), atol=1e-5)
    # The view receives the same maps, and the probabilities for its predictions.
    browser = MockBrowser(w)
    browser.ready()
    sent = ipc_to_tensors(browser.payloads["kernel:0"])
    assert sent["probabilities"].shape == (3, 4)
    np.testing.assert_allclose(sent["saliency|0"], sal, rtol=1e-5, atol=1e-7)
    assert sent["saliency|0|targets"].tolist() == [0, 2, 3]
    # A new target recomputes in the kernel at once.
    w.target = 1
    np.testing.assert_allclose(w.attributions["saliency"], Saliency(model).attribute(x, target=1).numpy(), rtol=1e-5, atol=1e-7)


def test_a_model_the_browser_cannot_run_falls_back_to_captum():
    torch.manual_seed(1)
    model, x = Spectral().eval(), torch.randn(2, 3, 8, 8)
    w = Attribution(model, x, target=None, top_k=2, methods=["saliency", "occlusion"])
    assert w.models[0]["compute_used"] == "kernel" and "fft_rfft" in w.models[0]["compute_reason"]
    top2 = torch.softmax(model(x), 1).argsort(1, descending=True)[:, :2]
    assert w.attributions["saliency"].shape == (2, 2, 3, 8, 8)
    for k in range(2):
        ref = Saliency(model).attribute(x, target=top2[:, k].tolist()).numpy()
        np.testing.assert_allclose(w.attributions["saliency"][:, k], ref, rtol=1e-5, atol=1e-7)
    assert w.error == ""


def test_kernel_path_layer_targets_and_embeddings(conv):
    model, x = conv
    w = Attribution(model, x, target="features.2:5", methods=[{"method": "saliency", "params": {"abs": False}}], compute="kernel")
    ref = NeuronGradient(model, model.features[2]).attribute(x, neuron_selector=lambda out: out[:, 5].mean(dim=(1, 2))).numpy()
    np.testing.assert_allclose(w.attributions["saliency"], ref, rtol=1e-5, atol=1e-7)
    torch.manual_seed(2)
    words, ids = Words().eval(), torch.randint(1, 20, (2, 5))
    t = Attribution(words, ids, target=[1, 2], methods=[{"method": "integrated_gradients", "params": {"n_steps": 20}}], compute="kernel")
    # IG at the embedding output with a zero baseline there (Captum's LayerIntegratedGradients would
    # start from the embedding of token 0 instead): Captum's IG on f(e) = the model after its embedding.
    e = words.embedding(ids).detach()
    ref = IntegratedGradients(lambda v: words.head(torch.tanh(v).mean(1))).attribute(e, target=[1, 2], n_steps=20).numpy()
    np.testing.assert_allclose(t.attributions["integrated_gradients"], ref, rtol=1e-4, atol=1e-6)
    assert t.kind == "text" and t.models[0]["at"] == "embedding"
