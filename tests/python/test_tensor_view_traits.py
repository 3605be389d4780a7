"""TensorView traits: identity, validation (TraitError lists the valid choices), keywords."""
import numpy as np
import pytest
from traitlets import TraitError

from netlens import TensorView, __version__
from netlens.widgets._choices import COLORMAPS

IMAGES = np.zeros((8, 3, 16, 16), np.float32)


@pytest.fixture
def view():
    w = TensorView(IMAGES)
    yield w
    w.close()


def test_widget_identity():
    w = TensorView(np.zeros(4))
    assert (w._model_name, w._view_name) == ("TensorViewModel", "TensorViewView")
    assert w._model_module == w._view_module == "netlens"
    assert w._model_module_version == w._view_module_version == "^" + __version__
    w.close()


def test_every_public_trait_is_synced_and_documented():
    for name, trait in TensorView.class_traits(sync=True).items():
        if name.startswith("_") or name in {"layout", "tabbable", "tooltip", "keys"}:
            continue
        assert trait.help, f"{name} needs help="


def test_defaults(view):
    assert view.batch_index == 0 and view.channel == -1
    assert (view.mode, view.colormap, view.scale, view.theme) == ("auto", "auto", "auto", "auto")
    assert view.symmetric is True and view.clip_percentile == 0.0
    assert view.vmin is None and view.vmax is None
    assert view.columns == 0 and view.zoom == 1.0 and view.title == ""
    assert view.backend == "" and view.stats == {} and view.transfer == {} and view.error == ""


@pytest.mark.parametrize(
    "trait, value, listed",
    [
        ("colormap", "jet", list(COLORMAPS)),
        ("mode", "grey", ["auto", "heatmap", "rgb"]),
        ("scale", "log", ["auto", "sequential", "diverging"]),
        ("theme", "blue", ["auto", "light", "dark"]),
        ("dim_order", "HWC", ["NCHW", "NHWC"]),
    ],
)
def test_bad_choice_lists_valid_ones(view, trait, value, listed):
    with pytest.raises(TraitError) as err:
        setattr(view, trait, value)
    for choice in listed:
        assert repr(choice) in str(err.value)


@pytest.mark.parametrize(
    "trait, value, hint",
    [
        ("batch_index", 8, "[0, 7]"),
        ("batch_index", -1, "[0, 7]"),
        ("channel", 3, "[0, 2]"),
        ("channel", -2, "-1"),
        ("clip_percentile", 50.0, "49.9"),
        ("clip_percentile", -1.0, "[0, 49.9]"),
        ("zoom", 0.0, "> 0"),
        ("zoom", float("inf"), "> 0"),
        ("columns", -1, "0"),
        ("vmin", float("nan"), "finite"),
        ("vmax", float("inf"), "finite"),
    ],
)
def test_out_of_range_says_the_range(view, trait, value, hint):
    with pytest.raises(TraitError) as err:
        setattr(view, trait, value)
    assert hint in str(err.value)


def test_valid_settings_are_accepted(view):
    view.batch_index, view.channel, view.mode = 7, 2, "rgb"
    view.colormap, view.scale, view.theme = "magma", "diverging", "dark"
    view.clip_percentile, view.zoom, view.columns = 49.9, 0.5, 4
    view.vmin, view.vmax = -1, 1.5
    view.vmin = None
    assert (view.channel, view.mode, view.vmax) == (2, "rgb", 1.5)


def test_rgb_needs_three_or_four_channels():
    w = TensorView(np.zeros((5, 8, 8)))
    with pytest.raises(TraitError, match="3 or 4"):
        w.mode = "rgb"
    with pytest.raises(TraitError, match="3 or 4"):
        TensorView(np.zeros((5, 8, 8)), mode="rgb")
    w.close()


def test_no_channel_dimension_allows_only_minus_one():
    w = TensorView(np.zeros((4, 4)))
    with pytest.raises(TraitError, match="no C dimension"):
        w.channel = 0
    w.close()


@pytest.mark.parametrize("name", ["shape", "dtype", "dim_names", "backend", "stats", "transfer", "error", "float16"])
def test_data_and_browser_traits_are_read_only(view, name):
    with pytest.raises(TraitError, match="read-only"):
        setattr(view, name, getattr(view, name))


def test_browser_can_set_read_back_traits(view):
    view.set_state({"backend": "webgpu", "stats": {"min": 0.0, "max": 1.0}, "error": ""})
    assert view.backend == "webgpu" and view.stats["max"] == 1.0


def test_unknown_keyword_lists_valid_ones():
    with pytest.raises(TypeError) as err:
        TensorView(IMAGES, colour_map="magma")
    text = str(err.value)
    assert "colour_map" in text
    for keyword in ("colormap", "dim_order", "labels", "float16", "verify_transfer", "zoom", "layout"):
        assert keyword in text


def test_read_only_traits_are_not_keywords():
    with pytest.raises(TypeError, match="unexpected keyword argument 'shape'"):
        TensorView(IMAGES, shape=[1])


def test_layout_string_points_to_dim_order():
    with pytest.raises(TypeError, match="dim_order='NHWC'"):
        TensorView(IMAGES, layout="NHWC")


def test_css_layout_still_works():
    from ipywidgets import Layout

    w = TensorView(IMAGES, layout=Layout(width="300px"))
    assert w.layout.width == "300px"
    w.close()


def test_keywords_become_traits():
    w = TensorView(IMAGES, colormap="viridis", channel=1, title="acts", float16=True, verify_transfer=True)
    assert (w.colormap, w.channel, w.title, w.float16, w.verify_transfer) == ("viridis", 1, "acts", True, True)
    w.close()
