"""Landscape values against the loss-landscapes package (reference; tolerance 1e-4 relative) for
identical directions, Li et al.'s filter normalization by its definition, and the Dask path
against the kernel path."""
import copy

import numpy as np
import pytest
import torch

import loss_landscapes
from loss_landscapes.metrics import Loss

from netlens import landscape as nl_land
from landscape_models import cnn, data, mlp

RTOL = 1e-4


def with_params(model, params):
    m = copy.deepcopy(model)
    with torch.no_grad():
        for name, p in m.named_parameters():
            p.copy_(params[name])
    return m


@pytest.mark.parametrize("kind", ["mlp", "cnn"])
def test_plane_matches_loss_landscapes_point_by_point(kind):
    model = mlp() if kind == "mlp" else cnn()
    x, y = data(kind)
    plane = nl_land.random_plane(model, seed=3, resolution=5, range=(-0.8, 0.8))
    ours = nl_land.evaluate(model, plane, x, y)["loss"]
    metric = Loss(torch.nn.CrossEntropyLoss(), x, y)
    ref = np.array([[loss_landscapes.point(with_params(model, plane.point(a, b)), metric)
                     for a in plane.xs] for b in plane.ys])
    np.testing.assert_allclose(ours, ref, rtol=RTOL)
    # The origin is the trained model: its loss sits at the centre.
    assert ours[2, 2] == pytest.approx(float(torch.nn.functional.cross_entropy(model(x), y).detach()), rel=RTOL)


def test_interpolation_matches_linear_interpolation():
    start, end = mlp(0), mlp(1)
    x, y = data("mlp")
    plane = nl_land.interpolation(start, end, range=(-0.5, 1.5), resolution=9)
    ours = nl_land.evaluate(start, plane, x, y)["loss"]
    # linear_interpolation evaluates at start + k/steps·(end − start), k = 1…steps: start it one step early.
    h = plane.xs[1] - plane.xs[0]
    ref = loss_landscapes.linear_interpolation(with_params(start, plane.point(plane.xs[0] - h)),
                                               with_params(start, plane.point(plane.xs[-1])),
                                               Loss(torch.nn.CrossEntropyLoss(), x, y), steps=9, deepcopy_model=True)
    np.testing.assert_allclose(ours, ref, rtol=RTOL)
    assert ours[2] == pytest.approx(float(torch.nn.functional.cross_entropy(start(x), y)), rel=RTOL)
    assert ours[6] == pytest.approx(float(torch.nn.functional.cross_entropy(end(x), y)), rel=RTOL)


def test_plane_through_three_models_hits_each_model():
    ms = [mlp(i) for i in range(3)]
    x, y = data("mlp")
    plane = nl_land.plane_through(*ms, range=(0.0, 1.0), resolution=3)
    grid = nl_land.evaluate(ms[0], plane, x, y)["loss"]
    ce = [float(torch.nn.functional.cross_entropy(m(x), y)) for m in ms]
    assert grid[0, 0] == pytest.approx(ce[0], rel=RTOL)
    assert grid[0, 2] == pytest.approx(ce[1], rel=RTOL)   # x = α
    assert grid[2, 0] == pytest.approx(ce[2], rel=RTOL)   # y = β


def test_filter_normalization_per_filter_norms_equal():
    model = cnn()
    origin = nl_land.parameters(model)
    d = nl_land.random_direction(origin, seed=5, normalization="filter", ignore="biasbn")
    dn, wn = nl_land.filter_norms(d), nl_land.filter_norms(origin)
    for name, p in origin.items():
        if p.dim() > 1:
            np.testing.assert_allclose(dn[name], wn[name], rtol=1e-5)
        else:
            assert float(d[name].abs().max()) == 0.0  # biases and BN parameters are zeroed
    kept = nl_land.random_direction(origin, seed=5, normalization="filter", ignore="none")
    assert torch.equal(kept["bn.weight"], origin["bn.weight"])
    layer = nl_land.random_direction(origin, seed=5, normalization="layer")
    assert float(layer["conv.weight"].norm()) == pytest.approx(float(origin["conv.weight"].norm()), rel=1e-5)
    model_n = nl_land.random_direction(origin, seed=5, normalization="model", ignore="none")
    total = lambda ps: float(torch.sqrt(sum((v ** 2).sum() for v in ps.values())))
    assert total(model_n) == pytest.approx(total(origin), rel=1e-5)
    # Seeded: the same seed gives the same direction.
    again = nl_land.random_direction(origin, seed=5)
    assert all(torch.equal(again[n], d[n]) for n in d)


def test_trajectory_pca_projects_the_path():
    torch.manual_seed(0)
    model = mlp()
    x, y = data("mlp")
    opt = torch.optim.SGD(model.parameters(), lr=0.5)
    checkpoints = []
    for _ in range(12):
        opt.zero_grad()
        torch.nn.functional.cross_entropy(model(x), y).backward()
        opt.step()
        checkpoints.append({k: v.detach().clone() for k, v in model.state_dict().items()})
    plane = nl_land.trajectory(checkpoints, resolution=5)
    assert plane.path.shape == (12, 2)
    np.testing.assert_allclose(plane.path[-1], [0.0, 0.0], atol=1e-6)  # the path ends at the origin
    assert 0 < plane.explained.sum() <= 1 + 1e-9 and plane.explained[0] >= plane.explained[1]
    d1 = nl_land._directions.flatten(plane.directions[0])
    d2 = nl_land._directions.flatten(plane.directions[1])
    assert abs(d1 @ d2) < 1e-5 and np.linalg.norm(d1) == pytest.approx(1.0, rel=1e-5)
    assert plane.xs[-1] >= np.abs(plane.path).max()


def test_dask_grid_equals_kernel_grid():
    distributed = pytest.importorskip("dask.distributed")
    model = cnn()
    x, y = data("cnn")
    plane = nl_land.random_plane(model, seed=1, resolution=4)
    kernel = nl_land.evaluate(model, plane, x, y)
    rows = []
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, \
            distributed.Client(cluster) as client:
        grid = nl_land.evaluate_dask(client, model, plane, x, y, on_row=lambda r, l, a: rows.append(r))
    assert sorted(rows) == [0, 1, 2, 3]
    np.testing.assert_allclose(grid["loss"], kernel["loss"], rtol=1e-6)
    np.testing.assert_array_equal(grid["accuracy"], kernel["accuracy"])


def test_bad_input_is_refused_clearly():
    model = mlp()
    x, y = data("mlp")
    with pytest.raises(ValueError, match="normalization must be one of"):
        nl_land.random_plane(model, normalization="filters")
    with pytest.raises(ValueError, match="range must be two finite numbers"):
        nl_land.random_plane(model, range=(1, -1))
    with pytest.raises(ValueError, match="resolution must be an int from 2 to 256"):
        nl_land.random_plane(model, resolution=1000)
    with pytest.raises(ValueError, match="lacks the model's parameter"):
        nl_land.interpolation(model, cnn())
    with pytest.raises(ValueError, match="needs targets"):
        nl_land.evaluate(model, nl_land.random_line(model, resolution=3), x)
    bad = x.clone()
    bad[0, 0] = float("nan")
    with pytest.raises(ValueError, match="NaN/Inf"):
        nl_land.evaluate(model, nl_land.random_line(model, resolution=3), bad, y)
    with pytest.raises(ValueError, match="at least 3 checkpoints"):
        nl_land.trajectory([model.state_dict(), model.state_dict()])
