"""Every user-facing message of netlens.attention and the attention widgets, in one place."""
from __future__ import annotations

from typing import Sequence


def not_attention(what: str, got: str) -> str:
    return (f"{what}: expected per-layer attention — a tuple/list of [batch, heads, queries, keys] tensors "
            f"(what transformers returns with output_attentions=True), or one array [layers, heads, queries, keys] "
            f"or [layers, batch, heads, queries, keys]; got {got}.")


def ragged(what: str, layer: int, shape: Sequence[int], first: Sequence[int]) -> str:
    return (f"{what}: layer {layer} has shape {tuple(shape)} but layer 0 has {tuple(first)}; every layer needs the "
            f"same heads, queries and keys (pad the sequences to one length, or pass the layers you want as separate views).")


def batch_out_of_range(what: str, index: int, size: int) -> str:
    return f"{what}: batch_index={index} is out of range for a batch of {size} (0 … {size - 1})."


def not_finite(what: str, count: int) -> str:
    return f"{what}: {count} value(s) are NaN or infinite; attention weights must be finite."


def negative(what: str, count: int, lowest: float) -> str:
    return (f"{what}: {count} weight(s) are negative (lowest {lowest:.3g}); attention weights are probabilities "
            f"(pass the softmax output, not the scores).")


def rows_not_normalized(count: int, total: int, worst: float, where: Sequence[int], tolerance: float) -> str:
    layer, head, query = where
    return (f"{count} of {total} attention rows do not sum to 1 (±{tolerance:g}); the worst sums to {worst:.4g} "
            f"(layer {layer}, head {head}, query {query}). Views show the values as given; rollout renormalizes rows.")


def tokens_count(name: str, count: int, size: int, axis: str, hint: str = "") -> str:
    return f"{name}: {count} tokens, but the attention has {size} {axis}.{(' ' + hint) if hint else ''}"


def vectors_shape(name: str, shape: Sequence[int], expected: Sequence[int]) -> str:
    return (f"{name}: shape {tuple(shape)} does not fit the attention: expected [layers, heads, tokens, head_dim] "
            f"with layers, heads, tokens = {tuple(expected)}.")


def pair_split(split: int, size: int) -> str:
    return f"sentence_b_start={split} must lie inside the sequence (1 … {size - 1})."


def no_attention_found(model: str) -> str:
    return (f"{model} computed no attention: netlens collects nn.MultiheadAttention modules and calls of "
            f"torch.nn.functional.scaled_dot_product_attention. Pass attentions= yourself (e.g. a transformers "
            f"model's outputs.attentions).")


def unknown_choice(name: str, value: object, choices: Sequence[str]) -> str:
    return f"{name}={value!r} is not one of {', '.join(map(repr, choices))}."
