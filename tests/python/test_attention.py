"""Attention, kernel side: what users pass (transformers' tuples, stacked arrays) and the checks on
it; attention, queries and keys collected from models (nn.MultiheadAttention, nn.TransformerEncoder,
scaled_dot_product_attention with causal and padding masks) checked against PyTorch's own outputs;
the numpy references; the AttentionView widget's payloads and results. The browser's rollout and
head distances are checked against these references in jest (tests/unit/methods/attention).
"""
import math
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from scipy.spatial.distance import jensenshannon
from torch import nn
from traitlets import TraitError

from mock_browser import MockBrowser
from netlens import AttentionView
from netlens._arrow import ipc_to_tensors, tensors_to_ipc
from netlens.attention import AttentionRowsWarning, as_attention, capture_attention, head_distances, head_order, rollout


def softmax_attention(layers=3, heads=4, t=6, batch=2, seed=0):
    g = torch.Generator().manual_seed(seed)
    return tuple(torch.softmax(torch.randn(batch, heads, t, t, generator=g), -1) for _ in range(layers))


class Decoder(nn.Module):
    """Hand-written causal attention through F.scaled_dot_product_attention, with a padding mask."""

    def __init__(self, d=8, heads=2, layers=2):
        super().__init__()
        self.heads = heads
        self.qkv = nn.ModuleList(nn.Linear(d, 3 * d) for _ in range(layers))

    def forward(self, x, keep):
        b, t, d = x.shape
        for proj in self.qkv:
            q, k, v = proj(x).reshape(b, t, 3, self.heads, d // self.heads).permute(2, 0, 3, 1, 4)
            causal = torch.ones(t, t, dtype=torch.bool).tril()
            mask = causal & keep[:, None, None, :]
            x = x + F.scaled_dot_product_attention(q, k, v, attn_mask=mask).transpose(1, 2).reshape(b, t, d)
        return x


# --- checks -----------------------------------------------------------------------------------

def test_layouts_users_have():
    per_layer = softmax_attention()
    a = as_attention(per_layer, batch_index=1)
    assert a.shape == (3, 4, 6, 6) and a.dtype == np.float32
    np.testing.assert_array_equal(a[2], per_layer[2][1].numpy())
    stacked = torch.stack(per_layer)  # [layers, batch, heads, q, k]
    np.testing.assert_array_equal(as_attention(stacked, batch_index=1), a)
    np.testing.assert_array_equal(as_attention(a), a)
    np.testing.assert_array_equal(as_attention([l[1].numpy() for l in per_layer]), a)  # list of [heads, q, k]


def test_bad_attention_is_named():
    per_layer = list(softmax_attention())
    per_layer[1] = per_layer[1][:, :2]
    with pytest.raises(ValueError, match=r"layer 1 has shape \(2, 6, 6\) but layer 0 has \(4, 6, 6\)"):
        as_attention(per_layer)
    bad = np.array(as_attention(softmax_attention()))
    bad[0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="1 value\\(s\\) are NaN or infinite"):
        as_attention(bad)
    with pytest.raises(ValueError, match="negative.*softmax output"):
        as_attention(np.array([[[[0.5, -0.5], [0.5, 0.5]]]]))
    with pytest.raises(ValueError, match="batch_index=5 is out of range for a batch of 2"):
        as_attention(softmax_attention(), batch_index=5)
    with pytest.raises(ValueError, match="expected per-layer attention"):
        as_attention(np.ones((4, 4)))


def test_rows_that_do_not_sum_to_one_warn():
    a = np.array(as_attention(softmax_attention()))
    a[1, 2, 3] *= 2
    with pytest.warns(AttentionRowsWarning, match=r"1 of 72 attention rows do not sum to 1.*layer 1, head 2, query 3"):
        as_attention(a)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        as_attention(softmax_attention())


# --- capture ----------------------------------------------------------------------------------

def test_capture_transformer_encoder_matches_pytorch():
    torch.manual_seed(0)
    layer = nn.TransformerEncoderLayer(16, 4, 32, dropout=0.0, batch_first=True)
    enc = nn.TransformerEncoder(layer, 3, enable_nested_tensor=False).eval()
    x = torch.randn(2, 7, 16)
    got = capture_attention(enc, x, batch_index=1)
    assert got.names == ["layers.0.self_attn", "layers.1.self_attn", "layers.2.self_attn"]
    assert got.attention.shape == (3, 4, 7, 7) and got.queries.shape == (3, 4, 7, 4)
    # PyTorch's own per-head weights for layer 0 on the same input.
    _, ref = enc.layers[0].self_attn(x, x, x, need_weights=True, average_attn_weights=False)
    np.testing.assert_allclose(got.attention[0], ref[1].detach().numpy(), atol=1e-6)
    # softmax(q·kᵀ/√d) of the returned queries and keys gives the weights back.
    s = torch.from_numpy(got.queries) @ torch.from_numpy(got.keys).transpose(-1, -2) / 2.0
    np.testing.assert_allclose(torch.softmax(s, -1).numpy(), got.attention, atol=1e-5)
    assert not enc.training


def test_capture_sdpa_with_causal_and_padding_masks():
    torch.manual_seed(1)
    model = Decoder().eval()
    x = torch.randn(2, 5, 8)
    keep = torch.tensor([[True] * 5, [True, True, True, False, False]])
    got = capture_attention(model, (x, keep), batch_index=1)
    assert got.names == ["", ""] and got.attention.shape == (2, 2, 5, 5)
    a = got.attention
    assert np.all(np.triu(a, 1) == 0)  # causal
    assert np.all(a[..., 3:] == 0)  # padded keys
    np.testing.assert_allclose(a.sum(-1), 1, atol=1e-6)
    # Weights · values reproduce PyTorch's SDPA output for layer 0.
    q, k, v = model.qkv[0](x).reshape(2, 5, 3, 2, 4).permute(2, 0, 3, 1, 4)
    mask = torch.ones(5, 5, dtype=torch.bool).tril() & keep[:, None, None, :]
    ref = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)[1]
    np.testing.assert_allclose(torch.from_numpy(a[0]) @ v[1].detach(), ref.detach(), atol=1e-5)


def test_capture_names_what_it_cannot_find():
    with pytest.raises(ValueError, match="computed no attention.*MultiheadAttention"):
        capture_attention(nn.Linear(4, 4), torch.randn(1, 4))


# --- references -------------------------------------------------------------------------------

def test_rollout_by_hand():
    a = as_attention(softmax_attention(layers=2, t=4))
    r = rollout(a)
    eye = np.eye(4)
    steps = [0.5 * l.mean(0).astype(np.float64) + 0.5 * eye for l in a]
    steps = [s / s.sum(-1, keepdims=True) for s in steps]
    np.testing.assert_allclose(r[0], steps[0], atol=1e-6)
    np.testing.assert_allclose(r[1], steps[1] @ steps[0], atol=1e-6)
    np.testing.assert_allclose(r[-1].sum(-1), 1, atol=1e-6)


def test_head_distances_are_jensen_shannon():
    layer = as_attention(softmax_attention())[0]
    d = head_distances(layer)
    ref = np.mean([jensenshannon(layer[0, q], layer[3, q]) ** 2 for q in range(6)])
    assert d[0, 3] == pytest.approx(ref, rel=1e-5) and np.allclose(d, d.T) and np.all(np.diag(d) == 0)
    twins = np.stack([layer[0], layer[1], layer[0], layer[1]])
    order = head_order(head_distances(twins))
    assert {frozenset(order[:2]), frozenset(order[2:])} == {frozenset({0, 2}), frozenset({1, 3})}


# --- widget -----------------------------------------------------------------------------------

def test_widget_sends_attention_and_reads_results():
    per_layer = softmax_attention()
    tokens = ["[CLS]", "<b>bold</b>", "the", "cat", "sat", "[SEP]"]
    w = AttentionView(per_layer, tokens, batch_index=1, sentence_b_start=3)
    browser = MockBrowser(w)
    browser.ready()
    sent = ipc_to_tensors(browser.payloads["attention"])
    np.testing.assert_array_equal(sent["attention"], as_attention(per_layer, 1))  # values pass through exactly
    assert w.shape == [3, 4, 6, 6] and w.tokens == tokens and w.key_tokens == [] and not w.has_vectors
    a = sent["attention"]
    results = {"rollout": rollout(a), "distances": np.stack([head_distances(l) for l in a]).astype(np.float32),
               "order": np.array([head_order(head_distances(l)) for l in a], dtype=np.int32)}
    seen = []
    w.on_result(seen.append)
    browser.send_payload("results", "tensors", tensors_to_ipc(results)[0])
    np.testing.assert_array_equal(w.rollout, results["rollout"])
    assert w.head_order.shape == (3, 4) and len(seen) == 1
    w.pair = "a->b"
    w.close()
    assert w.rollout is None


def test_widget_from_a_model_has_vectors():
    torch.manual_seed(0)
    enc = nn.TransformerEncoder(nn.TransformerEncoderLayer(8, 2, 16, dropout=0.0, batch_first=True), 2,
                                enable_nested_tensor=False)
    w = AttentionView(model=enc, inputs=torch.randn(1, 5, 8), tokens=list("abcde"))
    browser = MockBrowser(w)
    browser.ready()
    sent = ipc_to_tensors(browser.payloads["attention"])
    assert set(sent) == {"attention", "queries", "keys"} and w.has_vectors
    assert w.layer_names == ["layers.0.self_attn", "layers.1.self_attn"]
    w.close()


def test_widget_bad_input():
    per_layer = softmax_attention()
    with pytest.raises(ValueError, match="tokens: 5 tokens, but the attention has 6 queries"):
        AttentionView(per_layer, list("abcde"))
    cross = as_attention([torch.softmax(torch.randn(1, 2, 3, 5), -1)])
    with pytest.raises(ValueError, match="pass key_tokens="):
        AttentionView(cross, list("abc"))
    w = AttentionView(cross, list("abc"), key_tokens=list("vwxyz"))
    assert w.key_tokens == list("vwxyz")
    with pytest.raises(TraitError, match="layer=1 is out of range"):
        w.layer = 1
    with pytest.raises(TraitError, match="needs sentence_b_start"):
        w.pair = "a->b"
    with pytest.raises(TypeError, match="unexpected keyword argument 'colour'"):
        AttentionView(cross, list("abc"), key_tokens=list("vwxyz"), colour="red")
    with pytest.raises(ValueError, match="sentence_b_start=9 must lie inside"):
        AttentionView(per_layer, list("abcdef"), sentence_b_start=9)
    w.close()
