"""LossLandscape widget, kernel side: checks before anything is sent, placement (browser, kernel,
Dask), payloads to the browser, grids back from it, kernel rows streamed to the view, restarts on
range/resolution/seed. The browser's grid is checked against loss-landscapes in jest
(tests/unit/methods/landscape) and end to end in tests/e2e/loss-landscape.spec.ts.
"""
import sys
from pathlib import Path

import numpy as np
import pytest
import torch
from torch import nn
from traitlets import TraitError

sys.path.insert(0, str(Path(__file__).parent / "landscape"))

from landscape_models import cnn, data, mlp  # noqa: E402
from mock_browser import MockBrowser  # noqa: E402
from netlens import LossLandscape, landscape  # noqa: E402
from netlens._arrow import ipc_to_tensors, tensors_to_ipc  # noqa: E402
from netlens.landscape._wire import weight_names  # noqa: E402
from netlens.widgets import loss_landscape as ll  # noqa: E402


class Spectral(nn.Module):
    """An FFT: the browser lacks it, so the kernel computes."""

    def __init__(self):
        super().__init__()
        self.head = nn.Linear(6 * 2, 3)

    def forward(self, x):
        f = torch.fft.rfft(x, dim=-1)[:, :6]
        return self.head(torch.cat([f.real, f.imag], 1))


def rows_sent(browser):
    return [c for c, _ in browser.log if c.get("type") == ll.MSG_ROWS]


# --- checks before anything is sent -----------------------------------------------------------

@pytest.mark.parametrize("kwargs, error, match", [
    ({"mode": "hessian"}, ValueError, r"mode must be one of 'random_plane'"),
    ({"loss": "hinge"}, ValueError, r"loss must be one of 'cross_entropy', 'mse', 'model'"),
    ({"compute": "gpu"}, ValueError, r"compute must be one of 'auto', 'browser'"),
    ({"compute": "dask"}, ValueError, r"compute='dask' needs client=dask.distributed.Client"),
    ({"mode": "interpolation"}, ValueError, r"mode='interpolation' needs end="),
    ({"mode": "plane", "points": [mlp(1)]}, ValueError, r"mode='plane' needs points=\(model_1, model_2\)"),
    ({"mode": "trajectory"}, ValueError, r"mode='trajectory' needs checkpoints="),
    ({"normalization": "filters"}, TraitError, r"normalization"),
    ({"resolution": 1}, TraitError, r"resolution must be an int from 2 to 256"),
    ({"range": [1.0, -1.0]}, TraitError, r"range must be two finite numbers"),
    ({"colour": "red"}, TypeError, r"unexpected keyword argument 'colour'"),
])
def test_bad_arguments_are_refused_clearly(kwargs, error, match):
    x, y = data("mlp")
    with pytest.raises(error, match=match):
        LossLandscape(mlp(), x, y, **kwargs)


def test_data_that_does_not_fit_the_model_is_refused_clearly():
    x, y = data("mlp")
    with pytest.raises(ValueError, match=r"data does not fit the model: .*refused an input of shape \[\(1, 5\)\]"):
        LossLandscape(mlp(), x[:, :5], y)
    with pytest.raises(ValueError, match=r"target 7 is out of range: Sequential has 3 classes"):
        LossLandscape(mlp(), x, torch.full((24,), 7))
    with pytest.raises(ValueError, match=r"got 23 targets for 24 examples"):
        LossLandscape(mlp(), x, y[:-1])
    with pytest.raises(ValueError, match=r"loss='cross_entropy' needs targets"):
        LossLandscape(mlp(), x)
    bad = x.clone()
    bad[3, 2] = float("nan")
    with pytest.raises(ValueError, match=r"data holds 1 NaN/Inf value"):
        LossLandscape(mlp(), bad, y)
    with pytest.raises(ValueError, match=r"targets of shape \[24, 2\] do not match Sequential's output \[1, 3\]"):
        LossLandscape(mlp(), x, torch.randn(24, 2), loss="mse")


def test_a_grid_too_big_for_the_browser_offers_the_kernel_and_dask(monkeypatch):
    x, y = data("mlp")
    monkeypatch.setattr(ll, "BROWSER_WORK_LIMIT", 1000.0)
    with pytest.raises(ValueError, match=r"over the browser limit.*compute='kernel'.*compute='dask'"):
        LossLandscape(mlp(), x, y, compute="browser", resolution=5)
    w = LossLandscape(mlp(), x, y, resolution=5)  # auto: the kernel takes it, and says why
    w.wait()
    assert w.models[0]["compute_used"] == "kernel"
    assert "over the browser limit" in w.models[0]["compute_reason"]
    assert w.grid["loss"].shape == (5, 5) and w.status == "done"


# --- browser path ------------------------------------------------------------------------------

def test_browser_path_sends_data_weights_directions_and_reads_grids():
    model = cnn()
    x, y = data("cnn")
    w = LossLandscape(model, x, y, resolution=4, seed=3)
    assert w.models[0]["compute_used"] == "browser" and w.status == ""
    assert w.plane["dims"] == 2 and w.plane["id"] == 1
    assert w.xs == pytest.approx(list(np.linspace(-1, 1, 4)))
    browser = MockBrowser(w)
    browser.ready()
    sent = ipc_to_tensors(browser.payloads["data"])
    np.testing.assert_array_equal(sent["x"], x.numpy())
    assert sent["target"].dtype == np.int32 and sent["target"].tolist() == y.tolist()
    assert set(ipc_to_tensors(browser.payloads["weights:0"])) == set(w._placements[0].exported.weights)
    # Directions are keyed by the IR's weight names; biases and BN (ignore="biasbn") are zero and left out.
    dirs = ipc_to_tensors(browser.payloads["directions:0:1"])
    names = weight_names(w._placements[0].exported)
    assert set(dirs) == {f"{k}|{names[p]}" for k in (0, 1) for p in ("conv.weight", "fc.weight")}
    np.testing.assert_allclose(dirs[f"1|{names['fc.weight']}"], w.directions[0][1]["fc.weight"].numpy())
    # The browser's grid comes back as numpy, rows along ys.
    grid = np.arange(16, dtype=np.float32).reshape(4, 4)
    seen = []
    w.on_result(seen.append)
    browser.send_payload("results", "tensors", tensors_to_ipc({"0|loss": grid, "0|accuracy": grid / 16})[0])
    np.testing.assert_array_equal(w.grid["loss"], grid)
    np.testing.assert_array_equal(w.grid["accuracy"], grid / 16)
    assert seen and seen[-1]["loss"].shape == (4, 4)
    # A grid of an earlier resolution is ignored.
    w.resolution = 5
    browser.pump()
    assert w.grid == {}
    browser.send_payload("results", "tensors", tensors_to_ipc({"0|loss": grid, "0|accuracy": grid})[0])
    assert w.grid == {}
    # New directions on a new seed, under a new plane id; range changes keep them.
    before = w.directions[0][0]["conv.weight"].clone()
    w.range = [-0.5, 0.5]
    browser.pump()
    assert w.plane["id"] == 1 and torch.equal(w.directions[0][0]["conv.weight"], before)
    w.seed = 4
    browser.pump()
    assert w.plane["id"] == 2 and "directions:0:2" in browser.payloads
    assert not torch.equal(w.directions[0][0]["conv.weight"], before)
    w.cancel()
    browser.pump()
    assert {"type": "nl:cancel"} in [c for c, _ in browser.log]
    w.close()


# --- kernel path -------------------------------------------------------------------------------

def test_kernel_path_is_evaluate_and_streams_rows():
    model = cnn()
    x, y = data("cnn")
    w = LossLandscape(model, x, y, resolution=5, compute="kernel", show_accuracy=True)
    browser = MockBrowser(w)
    w.wait()
    browser.ready()
    assert w.models[0]["compute_used"] == "kernel" and w.status == "done"
    ref = landscape.evaluate(model, landscape.random_plane(model, seed=0, resolution=5), x, y)
    np.testing.assert_allclose(w.grid["loss"], ref["loss"], rtol=1e-6)
    np.testing.assert_array_equal(w.grid["accuracy"], ref["accuracy"])
    rows = rows_sent(browser)
    assert sorted(r["rows"][0] for r in rows) == list(range(5))
    assert all(r["plane"] == 1 and r["nx"] == 5 and r["ny"] == 5 for r in rows)
    np.testing.assert_allclose(rows[2]["loss"][0], ref["loss"][rows[2]["rows"][0]], rtol=1e-6)
    # A new resolution recomputes on the same directions.
    w.resolution = 3
    w.wait()
    assert w.grid["loss"].shape == (3, 3)
    np.testing.assert_allclose(w.grid["loss"][1, 1], ref["loss"][2, 2], rtol=1e-6)  # the origin, both times


def test_a_model_the_browser_cannot_run_falls_back_to_the_kernel_and_lines_work():
    torch.manual_seed(0)
    model = Spectral().eval()
    x, y = torch.randn(10, 16), torch.randint(0, 3, (10,))
    w = LossLandscape(model, x, y, mode="random_line", resolution=7)
    w.wait()
    assert w.models[0]["compute_used"] == "kernel" and "fft_rfft" in w.models[0]["compute_reason"]
    assert w.plane["dims"] == 1 and w.ys == [] and w.grid["loss"].shape == (7,)
    ref = landscape.evaluate(model, landscape.random_line(model, seed=0, resolution=7), x, y)
    np.testing.assert_allclose(w.grid["loss"], ref["loss"], rtol=1e-6)


def test_nan_losses_are_counted_and_shown_not_raised():
    torch.manual_seed(0)
    model = nn.Linear(4, 3).eval()
    end = {"weight": torch.full((3, 4), 3e38), "bias": torch.zeros(3)}
    x, y = torch.randn(6, 4), torch.randint(0, 3, (6,))
    w = LossLandscape(model, x, y, mode="interpolation", end=end, compute="kernel", resolution=5, range=[0.0, 1.0])
    w.wait()
    assert w.status == "done" and w.error == ""
    loss = w.grid["loss"]
    assert np.isfinite(loss[0]) and not np.isfinite(loss[-1])
    assert w.nan_points == int((~np.isfinite(loss)).sum()) >= 1


def test_interpolation_plane_and_trajectory_modes_place_their_anchors():
    x, y = data("mlp")
    a, b, c = mlp(0), mlp(1), mlp(2)
    w = LossLandscape(a, x, y, mode="interpolation", end=b, compute="kernel", resolution=5)
    w.wait()
    assert w.range == [-0.5, 1.5] and w.plane["dims"] == 1
    assert {p["name"]: p["x"] for p in w.plane["anchors"]} == {"start": 0.0, "end": 1.0}
    at_origin = {m: landscape.evaluate(m, landscape.random_line(m, resolution=3), x, y)["loss"][1] for m in (a, b)}
    np.testing.assert_allclose(w.grid["loss"][[1, 3]], [at_origin[a], at_origin[b]], rtol=1e-6)  # α = 0 and 1
    w = LossLandscape(a, x, y, mode="plane", points=(b, c), compute="kernel", resolution=4)
    w.wait()
    assert len(w.plane["anchors"]) == 3 and w.grid["loss"].shape == (4, 4)
    checkpoints = [mlp(s).state_dict() for s in range(5)]
    w = LossLandscape(mlp(4), x, y, mode="trajectory", checkpoints=checkpoints, compute="kernel", resolution=4)
    w.wait()
    assert len(w.plane["path"]) == 5 and w.plane["axis_titles"][0].startswith("PC1 (")
    with pytest.raises(ValueError, match="takes one model"):
        LossLandscape([a, b], x, y, mode="interpolation", end=c)


def test_two_models_side_by_side_share_the_grid():
    x, y = data("mlp")
    w = LossLandscape({"narrow": mlp(0), "other": mlp(1)}, x, y, resolution=3, compute="kernel")
    w.wait()
    assert [m["name"] for m in w.models] == ["narrow", "other"]
    assert set(w.grid) == {"narrow", "other"} and w.grid["other"]["loss"].shape == (3, 3)


def test_dask_path_streams_rows_and_equals_the_kernel_path():
    distributed = pytest.importorskip("dask.distributed")
    model = cnn()
    x, y = data("cnn")
    kernel = LossLandscape(model, x, y, resolution=4, compute="kernel")
    kernel.wait()
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        w = LossLandscape(model, x, y, resolution=4, compute="dask", client=client)
        browser = MockBrowser(w)
        w.wait()
        browser.ready()
    assert "Dask" in w.models[0]["compute_reason"] and w.status == "done"
    assert sorted(r["rows"][0] for r in rows_sent(browser)) == [0, 1, 2, 3]
    np.testing.assert_allclose(w.grid["loss"], kernel.grid["loss"], rtol=1e-6)


def test_the_first_state_the_browser_sees_holds_models_and_plane(monkeypatch):
    """The browser builds its models when the comm opens: models, plane and grid axes must be there."""
    from ipywidgets import Widget

    opened = {}
    original = Widget.open

    def spy(self):
        if type(self).__name__ == "LossLandscape":
            opened.update(self.get_state())
        return original(self)

    monkeypatch.setattr(Widget, "open", spy)
    x, y = data("mlp")
    LossLandscape(mlp(), x, y, resolution=6, range=[-2.0, 2.0], seed=5)
    assert [m["compute_used"] for m in opened["models"]] == ["browser"]
    assert opened["resolution"] == 6 and opened["range"] == [-2.0, 2.0] and opened["seed"] == 5
    assert len(opened["xs"]) == 6 and opened["xs"][0] == -2.0 and opened["plane"]["id"] == 1
