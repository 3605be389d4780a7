"""Every user-facing text of the model bridge, one function per message.

Each says what went wrong, where (module path, input name) and what to do next: usually the
kernel path, `compute="kernel"`, which runs the model with PyTorch itself (STYLE.md: errors are
values a user can act on).
"""
from __future__ import annotations

from typing import Iterable, Optional, Sequence

KERNEL_HINT = 'Run the model in the kernel with PyTorch instead: compute="kernel".'


def _where(module: str, module_type: str) -> str:
    path = module if module else "(root)"
    return f"{path} ({module_type})" if module_type else path


def _dims(shape: Sequence[object]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


# --- export -----------------------------------------------------------------------------------

def unsupported_item(op: str, module: str, module_type: str, reason: Optional[str] = None) -> str:
    """One entry of UnsupportedOpError, e.g. `aten.unfold at features.3 (Unfold)`."""
    tail = f": {reason}" if reason else ""
    return f"{op} at {_where(module, module_type)}{tail}"


def unsupported_ops(items: Sequence[str]) -> str:
    n = len(items)
    listing = "\n".join(f"  - {item}" for item in items)
    return (
        f"the model uses {n} op{'' if n == 1 else 's'} outside the netlens op set (docs/ir.md §3), "
        f"so the browser cannot run it:\n{listing}\n{KERNEL_HINT}"
    )


def batch_norm_training() -> str:
    return (
        "normalizes with batch statistics (training=True); the model must be in eval mode "
        "(model.eval()) with running statistics (track_running_stats=True)"
    )


def dropout_training() -> str:
    return "dropout is active (training=True, e.g. F.dropout(x, training=True)); the browser runs inference only"


def sdpa_dropout(p: float) -> str:
    return f"attention dropout_p={p} is active; the browser runs inference only"


def lstm_projections() -> str:
    return "LSTM with proj_size > 0 (projections) is not in the IR"


def conv_transposed_rank(rank: int) -> str:
    return f"a transposed convolution on {rank}-D input; the IR has conv_transpose2d only"


def conv_rank(rank: int) -> str:
    return f"a convolution on {rank}-D input; the IR has conv1d and conv2d"


def max_pool_indices() -> str:
    return "the indices output of a max pooling (return_indices=True) is not in the IR"


def tuple_output(index: int) -> str:
    return f"its output {index} is used; the IR op has output 0 only"


def adaptive_max_pool1d_size() -> str:
    return "adaptive_max_pool1d with output_size > 1 is not in the IR (output_size=1, global max pooling, is)"


def upsample_dynamic_scale() -> str:
    return "upsampling by a scale factor along a dimension whose size varies; pass size=... instead"


def sym_op_missing() -> str:
    return "an integer operation on symbolic sizes that the IR has no sym_* op for"


def bit_cast() -> str:
    return "view as another dtype (a bit cast) is not in the IR"


def pad_mode(mode: str) -> str:
    return f'pad mode {mode!r}; the IR has mode "constant"'


def where_indices() -> str:
    return "where(condition) returns indices whose count depends on the data"


def min_dim() -> str:
    return "min(dim) (values and indices) is not in the IR; use amin for the values"


def bad_argument(type_name: str, value: object) -> str:
    return f"an argument of type {type_name} ({value!r})"


def unbound_symbol(value: object) -> str:
    return f"a symbolic value {value} with no node computing it"


def input_item(name: str, reason: str) -> str:
    return f"input {name}: {reason}"


def constant_item(target: str, type_name: str) -> str:
    return f"constant {target} of type {type_name}"


def weight_item(target: str, reason: str) -> str:
    return f"weight {target}: {reason}"


def not_bool(op: str) -> str:
    return f"{op} on integers (bitwise); the IR has it for bool tensors only"


def chunk_symbolic(dim: int) -> str:
    return f"split into chunks along dimension {dim}, whose size varies with the batch"


def elu_scale() -> str:
    return "elu with scale or input_scale != 1 (selu-like) is not in the IR"


def complex_dtype(dtype: str) -> str:
    return f"produces a {dtype} tensor; the browser computes with float32, int32 and bool"


def export_failed(model: str, what: str, where: Optional[str], detail: str) -> str:
    """ExportError: one paragraph — what failed, where in the user's code, and the alternative."""
    located = f" at {where}" if where else ""
    return (
        f"torch.export could not capture {model}: {what}{located}. The browser runs one fixed "
        f"graph for every input, so the forward must not branch on tensor values (compute both "
        f"branches and pick with torch.where) or call code torch.export cannot trace. torch says: {detail} "
        f"{KERNEL_HINT}"
    )


def data_dependent() -> str:
    return "the forward branches on a tensor's value (data-dependent control flow)"


def capture_error() -> str:
    return "tracing the forward failed"


def dynamic_batch_failed(detail: str) -> str:
    return (
        f"a dynamic batch dimension could not be exported ({detail}); exported with the "
        "example's fixed shapes instead, so inputs must match them exactly"
    )


def batch_one_tiled() -> str:
    return (
        "the example batch of 1 was repeated to 2 for capture (torch.export treats a size of 1 "
        "as a constant); the exported batch dimension is dynamic"
    )


def train_mode(model: str) -> str:
    return (
        f"{model} was in training mode; it was exported in eval mode (dropout off, BatchNorm "
        "using running statistics) and put back in training mode afterwards"
    )


def functionalized() -> str:
    return "in-place ops on views or inputs were rewritten out-of-place (functionalized) before translation"


def no_inputs() -> str:
    return "example_inputs is empty; pass the tensor(s) the model's forward takes, e.g. (torch.randn(2, 3, 32, 32),)"


def bad_example(index: int, type_name: str) -> str:
    return (
        f"example input {index} is a {type_name}; netlens.export takes tensors (or numpy arrays), "
        "e.g. netlens.export(model, (x,)) or netlens.export(model, (tokens, mask))"
    )


def bad_weights_dtype(value: object, choices: Iterable[str]) -> str:
    return f"weights_dtype must be one of {', '.join(repr(c) for c in choices)}; got {value!r}."


def not_a_module(type_name: str) -> str:
    return f"netlens.export takes a torch.nn.Module; got a {type_name}."


def weight_float16_overflow(target: str, largest: float, limit: float) -> str:
    return (
        f"weight {target!r} holds {largest:.6g}, beyond float16's largest finite value {limit:g}; "
        'use weights_dtype="float32" (the default).'
    )


def int_weight_overflow(target: str, lo: int, hi: int) -> str:
    return (
        f"integer buffer {target!r} ranges from {lo} to {hi}, outside int32 that the browser uses; "
        f"{KERNEL_HINT}"
    )


def non_tensor_output(index: int, type_name: str) -> str:
    return f"output {index} of the model is a {type_name}, not a tensor; return tensors only. {KERNEL_HINT}"


# --- inputs -----------------------------------------------------------------------------------

def input_count(names: Sequence[str], got: int) -> str:
    n = len(names)
    return f"the model takes {n} input{'' if n == 1 else 's'} ({', '.join(names)}), got {got}."


def input_rank(name: str, want: Sequence[object], got: Sequence[int]) -> str:
    return (
        f"input {name} has shape {_dims(got)} ({len(got)}-D); the model was exported for "
        f"{_dims(want)} ({len(want)}-D)."
    )


def input_shape(name: str, want: Sequence[object], got: Sequence[int]) -> str:
    return (
        f"input {name} has shape {_dims(got)}; the model was exported for {_dims(want)} "
        "(only dimensions named by a symbol such as \"batch\" may vary)."
    )


def input_symbol(name: str, symbol: str, got: int, other: int) -> str:
    return f"input {name} has {symbol}={got}, but an earlier input has {symbol}={other}; they must agree."


def input_symbol_range(name: str, symbol: str, got: int, lo: Optional[int], hi: Optional[int]) -> str:
    return f"input {name} has {symbol}={got}, outside the exported range [{lo}, {'∞' if hi is None else hi}]."


def input_dtype(name: str, want: str, got: str) -> str:
    hint = {"float32": "x.float()", "int32": "x.long()", "bool": "x.bool()"}.get(want, "")
    return f"input {name} is {got}; the model was exported for {want} values" + (f" (convert: {hint})." if hint else ".")


# --- kernel path ----------------------------------------------------------------------------

def unknown_tap(name: str, suggestions: Sequence[str], exported: bool) -> str:
    kinds = "node, input or module" if exported else "module (without an exported program, taps are module paths)"
    hint = f"; did you mean {', '.join(repr(s) for s in suggestions)}?" if suggestions else "."
    return f"no {kinds} named {name!r}{hint}"


def tap_not_tensor(name: str) -> str:
    return f"tap {name!r} is not a tensor (a symbolic size, a tuple or None)."


def tap_not_reached(name: str) -> str:
    return f"tap {name!r} was not computed by this forward (the module was not called)."


def objective_not_scalar(shape: Sequence[int]) -> str:
    return f"the objective must return a scalar tensor, got shape {_dims(shape)} (sum or index it first)."


def wrt_not_float(name: str, dtype: str) -> str:
    return (
        f"cannot differentiate with respect to {name!r}: it is {dtype}. For token models take the "
        "gradient with respect to the embedding output (e.g. wrt=\"embedding\")."
    )


def no_gradient(name: str) -> str:
    return f"the objective does not depend on {name!r} (no gradient path)."
