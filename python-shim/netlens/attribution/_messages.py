"""Every user-facing text of netlens.attribution and the Attribution widget."""
from __future__ import annotations

from typing import Iterable, Sequence


def _choices(values: Iterable[object]) -> str:
    return ", ".join(repr(v) for v in values)


def unknown_method(name: object, valid: Iterable[str]) -> str:
    return f"unknown attribution method {name!r}; valid: {_choices(valid)}."


def unknown_param(method: str, name: str, valid: Iterable[str]) -> str:
    valid = list(valid)
    return (f"{method} has no parameter {name!r}; valid: {_choices(valid)}." if valid
            else f"{method} takes no parameters; got {name!r}.")


def bad_param(method: str, name: str, value: object, valid: str) -> str:
    return f"{method}: {name} must be {valid}; got {value!r}."


def bad_method_entry(entry: object) -> str:
    return (f"a method is a name (e.g. 'integrated_gradients') or a dict "
            f"{{'method': name, 'params': {{...}}, 'noise_tunnel': {{...}}, 'label': ...}}; got {entry!r}.")


def duplicate_label(label: str) -> str:
    return f"two methods share the label {label!r}; give one of them 'label': '...'."


def bad_noise_tunnel(value: object) -> str:
    return (f"noise_tunnel must be None or a dict {{'type': 'smoothgrad' | 'smoothgrad_sq' | 'vargrad', "
            f"'samples': int ≥ 1, 'stdev': float > 0, 'seed': int}}; got {value!r}.")


def bad_target(value: object) -> str:
    return (f"target must be None (each model's prediction), a class index, one class per example, a tuple index "
            f"into the output (e.g. (0, 5, 7) for a pixel), or 'layer:channel' (a layer's channel mean); got {value!r}.")


def target_out_of_range(index: int, size: int, what: str) -> str:
    return f"target {index} is out of range: {what} has {size} entries (valid: 0…{size - 1})."


def target_count(count: int, n: int) -> str:
    return f"got {count} targets for {n} examples; give one target for all, or one per example."


def target_arity(given: int, dims: int, shape: Sequence[object]) -> str:
    return (f"target has {given} indices but the output has {dims} non-batch dimension(s) (shape "
            f"{list(shape)}); give at most {dims}.")


def unknown_layer(name: str, what: str, suggestions: Sequence[str]) -> str:
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else ""
    return f"{what}: the model has no layer {name!r}{hint}"


def not_conv_layer(layer: str, shape: Sequence[object], candidates: Sequence[str]) -> str:
    listed = f" Layers that work: {', '.join(repr(c) for c in candidates[-6:])}." if candidates else ""
    return (f"Grad-CAM needs a convolutional layer whose output is [N, C, …spatial]; {layer!r} outputs "
            f"{list(shape)}.{listed}")


def no_conv_layer(method: str) -> str:
    return f"{method} needs a convolutional layer and the model has none; drop it or pass params={{'layer': ...}}."


def baseline_shape(method: str, got: Sequence[int], want: Sequence[int]) -> str:
    return (f"{method}: the baseline has shape {tuple(got)}; it must match the inputs {tuple(want)} or one example "
            f"{tuple(want[1:])}.")


def non_finite_inputs(count: int, where: str) -> str:
    return (f"the inputs hold {count} NaN or infinite value(s) (first at {where}); attributions of such inputs are "
            "meaningless: clean them first (e.g. torch.nan_to_num).")


def bad_inputs(reason: str) -> str:
    return f"inputs: {reason}"


def token_count(i: int, got: int, want: int) -> str:
    return f"tokens: example {i} has {got} token strings but its input has {want} positions; pass one string per position."


def labels_count(got: int, want: int) -> str:
    return f"labels name the model's classes: got {got} labels for {want} classes."


def models_disagree(name: str, shape: Sequence[object], first: Sequence[object]) -> str:
    return (f"models compared side by side must take the same inputs and give outputs of the same shape; {name} "
            f"outputs {list(shape)}, the first model {list(first)}.")


def captum_missing() -> str:
    return ("the kernel path computes attributions with Captum, which is not installed: pip install captum "
            "(or let the model run in the browser: compute='auto').")


def kernel_unsupported(method: str, why: str) -> str:
    return f"{method} cannot run in the kernel for this model: {why}"


def index_range(value: int, n: int) -> str:
    return f"index must be in [0, {n - 1}] (the batch has {n} examples); got {value}."
