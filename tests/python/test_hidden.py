"""Hidden-state select and match (LSTMVis semantics) on crafted sequences with known answers."""
import numpy as np
import pytest
import torch

from netlens.hidden import match, on_runs, select_units


def crafted():
    """20 steps × 5 units. Unit 0 and 2 are on over [3, 7) (the selection) and again over [12, 16);
    unit 2 alone over [17, 19); unit 4 is on everywhere; unit 1 flickers; unit 3 is never on."""
    h = np.full((20, 5), -1.0, np.float32)
    h[3:7, [0, 2]] = 1.0
    h[12:16, [0, 2]] = 0.8
    h[17:19, 2] = 0.9
    h[:, 4] = 0.6
    h[::2, 1] = 1.0
    return h


def test_runs():
    assert on_runs(np.array([0, 1, 1, 0, 1], bool)).tolist() == [[1, 3], [4, 5]]
    assert on_runs(np.zeros(3, bool)).shape == (0, 2)
    assert on_runs(np.ones(3, bool)).tolist() == [[0, 3]]


def test_select_units_on_across_the_range():
    h = crafted()
    assert select_units(h, 3, 7, threshold=0.5) == [0, 2, 4]
    assert select_units(h, 3, 7, threshold=0.7) == [0, 2]
    assert select_units(torch.from_numpy(h), 4, 5, threshold=0.5) == [0, 1, 2, 4]  # step 4: unit 1 on
    with pytest.raises(ValueError, match=r"selection \[5, 30\) must lie inside the 20 steps"):
        select_units(h, 5, 30, 0.5)
    with pytest.raises(ValueError, match=r"expected \[steps, units\]"):
        select_units(h[None], 0, 1, 0.5)


def test_match_finds_the_other_range_and_ranks():
    h = crafted()
    got = match(h, [0, 2], threshold=0.5, length=4, exclude=(3, 7))
    assert [(m.start, m.end) for m in got] == [(12, 16)]
    both = match(h, [0, 2], threshold=0.5, min_units=1, length=4)
    assert [(m.start, m.end) for m in both] == [(3, 7), (12, 16), (17, 19)]
    assert both[-1].units_on == 1.0 and both[0].units_on == 2.0
    # A higher threshold drops the weaker repeat (0.8 < 0.9).
    assert [(m.start, m.end) for m in match(h, [0, 2], threshold=0.9)] == [(3, 7)]
    # Without a length, longer runs first among equals.
    assert [(m.start, m.end) for m in match(h, [4], threshold=0.5)] == [(0, 20)]
    assert match(h, [], 0.5) == []
    with pytest.raises(ValueError, match="min_units=3 must lie in 1 … 2"):
        match(h, [0, 2], 0.5, min_units=3)
    with pytest.raises(ValueError, match="units must lie in 0 … 4"):
        match(h, [7], 0.5)


# --- widget -----------------------------------------------------------------------------------

from traitlets import TraitError  # noqa: E402

from mock_browser import MockBrowser  # noqa: E402
from netlens import HiddenStateView  # noqa: E402
from netlens._arrow import ipc_to_tensors  # noqa: E402


def test_widget_sends_windows_and_answers_selections():
    h = crafted()
    tokens = [f"w{i}" for i in range(20)]
    w = HiddenStateView(h, tokens, annotations={"pos": ["X"] * 20}, window=8, threshold=0.5)
    browser = MockBrowser(w)
    browser.ready()
    first = ipc_to_tensors(browser.payloads["window:1"])
    np.testing.assert_array_equal(first["states"], h[:8])
    assert w.window_tokens == tokens[:8] and w.window_tracks == {"pos": ["X"] * 8} and w.shape == [20, 5]
    w.start = 12
    browser.pump()
    second = ipc_to_tensors(browser.payloads[f"window:{w.window_id}"])
    np.testing.assert_array_equal(second["states"], h[12:20])
    assert int(second["start"][0]) == 12 and w.window_tokens == tokens[12:20]
    w.selection = [3, 7]
    assert w.selected_units == [0, 2, 4]
    assert [(m["start"], m["end"], m["units_on"]) for m in w.matches] == [(12, 16, 3.0)]
    w.threshold = 0.7
    assert w.selected_units == [0, 2]
    assert [(m["start"], m["end"]) for m in w.matches] == [(12, 16)] and w.matches[0]["text"].startswith("w12 w13")
    w.min_units = 1
    assert [(m["start"], m["end"]) for m in w.matches] == [(12, 16), (17, 19)]
    w.selection = []
    assert w.selected_units == [] and w.matches == []
    w.close()


def test_widget_records_an_lstm_and_checks_input():
    torch.manual_seed(0)

    class Tagger(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.embed = torch.nn.Embedding(10, 4)
            self.lstm = torch.nn.LSTM(4, 6, num_layers=2, bidirectional=True)  # sequence-first

        def forward(self, ids):
            return self.lstm(self.embed(ids))[0]

    model = Tagger()
    ids = torch.randint(0, 10, (7, 2))  # [T, batch]
    w = HiddenStateView(model=model, inputs=ids, module="lstm", batch_index=1, tokens=list("abcdefg"))
    np.testing.assert_allclose(w.states, model(ids)[:, 1].detach().numpy(), atol=1e-6)
    assert w.shape == [7, 12]
    with pytest.raises(ValueError, match=r"module='rnn' is not a module of Tagger; recurrent modules: \['lstm'\]"):
        HiddenStateView(model=model, inputs=ids, module="rnn", tokens=list("abcdefg"))
    with pytest.raises(ValueError, match="tokens: 3 tokens, but the states have 7 steps"):
        HiddenStateView(np.zeros((7, 2)), list("abc"))
    with pytest.raises(ValueError, match=r"expected \[steps, units\]"):
        HiddenStateView(np.zeros((2, 7, 2)), list("abcdefg"))
    with pytest.raises(ValueError, match="1 value\\(s\\) are NaN"):
        HiddenStateView(np.array([[np.nan, 0.0]]), ["a"])
    with pytest.raises(TraitError, match=r"selection=\[5, 9\] must be"):
        w.selection = [5, 9]
    with pytest.raises(TraitError, match="window=0 must lie in 1"):
        w.window = 0
    w.close()
