"""Capture a module with torch.export: eval mode, a dynamic batch when the model allows it.

Pipeline:
  1. examples → a tuple of tensors (numpy arrays converted)
  2. eval mode for the capture (each submodule's own mode restored afterwards)
  3. torch.export with dim 0 of every input sharing one `Dim("batch")` (an example batch of 1 is
     repeated to 2 first: torch.export treats size 1 as a constant); on failure, a static export
  4. in-place updates through views or of inputs are functionalized (run_decompositions({}))
  5. torch's capture errors become ExportError, saying where in the user's code it failed

Example:
    >>> import torch
    >>> cap = capture(torch.nn.Linear(3, 2).eval(), torch.ones(1, 3))
    >>> cap.dynamic, cap.notes[0].startswith("the example batch of 1")
    (True, True)
"""
from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import sys
import traceback
import warnings
from dataclasses import dataclass, field
from typing import Any, Iterator, List, Optional, Tuple

import numpy as np
import torch

from . import _messages as msg
from .errors import ExportError

#: Smallest example batch torch.export keeps dynamic (it specializes sizes 0 and 1).
MIN_TRACED_BATCH = 2
#: How much of torch's message an ExportError quotes.
DETAIL_CHARS = 400

_TORCH_DIR = os.path.dirname(torch.__file__)
_BRIDGE_DIR = os.path.dirname(os.path.abspath(__file__))
_FILE_LINE = re.compile(r'File "([^"]+)", line (\d+), in (\S+)(?:\n[ \t]+(\S[^\n]*))?')
#: torch loggers that narrate a failed capture (graph dumps, guard warnings); the ExportError says it better.
_NOISY_LOGGERS = ("torch.fx.experimental.symbolic_shapes", "torch.export", "torch._export", "torch._dynamo")


@dataclass
class Capture:
    """What torch.export produced, and how: `dynamic` is True when dim 0 is the "batch" symbol."""

    program: Any
    inputs: Tuple[torch.Tensor, ...]
    dynamic: bool
    notes: List[str] = field(default_factory=list)


def as_examples(example_inputs: Any) -> Tuple[torch.Tensor, ...]:
    """A tuple of tensors from a tensor, an array, or a tuple/list of them."""
    items = example_inputs if isinstance(example_inputs, (tuple, list)) else (example_inputs,)
    if len(items) == 0:
        raise ValueError(msg.no_inputs())
    out = []
    for i, x in enumerate(items):
        if isinstance(x, np.ndarray):
            x = torch.from_numpy(np.ascontiguousarray(x))
        if not isinstance(x, torch.Tensor):
            raise TypeError(msg.bad_example(i, type(x).__name__))
        out.append(x)
    return tuple(out)


@contextlib.contextmanager
def eval_mode(model: torch.nn.Module, notes: Optional[List[str]] = None) -> Iterator[None]:
    """Eval mode inside, as the browser computes; every submodule's own training flag restored on
    exit. With `notes`, a model in train mode is warned about and noted (netlens.export)."""
    modes = [(m, m.training) for m in model.modules()]
    if model.training and notes is not None:
        text = msg.train_mode(type(model).__name__)
        warnings.warn(text, UserWarning, stacklevel=5)  # the caller of netlens.export
        notes.append(text)
    model.eval()
    try:
        yield
    finally:
        for m, training in modes:
            m.training = training


def capture(model: torch.nn.Module, example_inputs: Any, dynamic_batch: bool = True) -> Capture:
    """torch.export the model in eval mode (see the module doc for the steps)."""
    examples = as_examples(example_inputs)
    notes: List[str] = []
    with eval_mode(model, notes):
        program, used, dynamic = _export(model, examples, dynamic_batch, notes)
    if _needs_functionalization(program):
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=FutureWarning)
            program = program.run_decompositions({})
        notes.append(msg.functionalized())
    return Capture(program, used, dynamic, notes)


def _export(model, examples, dynamic_batch, notes) -> Tuple[Any, Tuple[torch.Tensor, ...], bool]:
    batched = _batched(examples) if dynamic_batch else []
    if batched:
        traced = examples
        if examples[batched[0]].shape[0] < MIN_TRACED_BATCH:
            traced = tuple(_tile(x) if i in batched else x for i, x in enumerate(examples))
        batch = torch.export.Dim("batch", min=1)
        shapes = tuple({0: batch} if i in batched else None for i in range(len(examples)))
        try:
            program = _quiet_export(model, traced, shapes)
            if traced is not examples:
                notes.append(msg.batch_one_tiled())
            return program, traced, True
        except Exception as err:  # noqa: BLE001 - any failure: try the static export next
            dynamic_error = err
    else:
        dynamic_error = None
    try:
        program = _quiet_export(model, examples, None)
    except Exception as err:  # noqa: BLE001 - reported as ExportError with torch's text
        raise _export_error(model, err) from err
    if dynamic_error is not None:
        notes.append(msg.dynamic_batch_failed(_first_line(dynamic_error)))
    return program, examples, False


def _batched(examples: Tuple[torch.Tensor, ...]) -> List[int]:
    """Inputs that share the first input's leading size: they get the dynamic "batch" dim."""
    if examples[0].dim() == 0:
        return []
    n = examples[0].shape[0]
    return [i for i, x in enumerate(examples) if x.dim() > 0 and x.shape[0] == n]


def _tile(x: torch.Tensor) -> torch.Tensor:
    return torch.cat([x] * MIN_TRACED_BATCH, dim=0) if x.shape[0] == 1 else x


@contextlib.contextmanager
def _quiet_loggers() -> Iterator[None]:
    loggers = [logging.getLogger(name) for name in _NOISY_LOGGERS]
    levels = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.ERROR)
    try:
        yield
    finally:
        for lg, level in zip(loggers, levels):
            lg.setLevel(level)


def _quiet_export(model, args, dynamic_shapes):
    # torch warns about RNN `_flat_weights` re-assignment on every LSTM/GRU export: not the user's
    # concern; and on failure it prints the partial graph to stderr, which the ExportError replaces.
    stderr = io.StringIO()
    failure: Optional[BaseException] = None
    try:
        with warnings.catch_warnings(), _quiet_loggers(), contextlib.redirect_stderr(stderr):
            warnings.filterwarnings("ignore", message=".*were assigned during export.*")
            warnings.filterwarnings("ignore", category=FutureWarning)
            return torch.export.export(model, tuple(args), dynamic_shapes=dynamic_shapes)
    except BaseException as err:
        failure = err
        raise
    finally:
        text = stderr.getvalue()
        partial = getattr(failure, "partial_fx_graph", None)
        if partial is not None:
            text = text.replace(str(partial), "")
        if text.strip():
            sys.stderr.write(text)


def _export_error(model: torch.nn.Module, err: BaseException) -> ExportError:
    text = str(err)
    data_dependent = "data-dependent" in text.lower() or "GuardOnDataDependent" in type(err).__name__
    what = msg.data_dependent() if data_dependent else msg.capture_error()
    return ExportError(msg.export_failed(type(model).__name__, what, _user_location(err), _first_line(err)))


def _first_line(err: BaseException) -> str:
    for line in str(err).splitlines():
        if line.strip():
            line = line.strip()
            return line if len(line) <= DETAIL_CHARS else line[: DETAIL_CHARS - 1] + "…"
    return type(err).__name__


def _is_user_file(path: str) -> bool:
    path = os.path.abspath(path)
    return not (path.startswith(_TORCH_DIR) or path.startswith(_BRIDGE_DIR) or "contextlib" in path)


def _user_location(err: BaseException) -> Optional[str]:
    """`file:line in fn: code` of the user's line torch names (or the deepest user frame)."""
    hits = [m for m in _FILE_LINE.finditer(str(err)) if _is_user_file(m.group(1))]
    if hits:
        path, line, fn, code = hits[-1].groups()
        return f"{path}:{line} in {fn}" + (f": `{code.strip()}`" if code else "")
    frames = [f for f in traceback.extract_tb(err.__traceback__) if _is_user_file(f.filename)]
    if frames:
        f = frames[-1]
        return f"{f.filename}:{f.lineno} in {f.name}" + (f": `{f.line.strip()}`" if f.line else "")
    return None


def _is_view(node: Any) -> bool:
    """An op whose result shares storage with an input (views, aliases; not in-place ops)."""
    schema = getattr(node.target, "_schema", None)
    if node.op != "call_function" or schema is None or schema.is_mutable:
        return False
    return any(r.alias_info is not None for r in schema.returns)


def _is_in_place(node: Any) -> bool:
    schema = getattr(node.target, "_schema", None)
    return node.op == "call_function" and schema is not None and schema.is_mutable and bool(node.args)


def _versions(base: Any) -> List[Any]:
    """`base` and the chain of in-place nodes updating it."""
    out, todo = [], [base]
    while todo:
        n = todo.pop()
        out.append(n)
        todo.extend(u for u in n.users if _is_in_place(u) and u.args[0] is n)
    return out


def _needs_functionalization(program: Any) -> bool:
    """True when an in-place op's effect is not already captured by the graph's data flow.

    torch.export points later uses of a mutated tensor at the in-place node, so `relu_(x)` is
    exactly `relu(x)` — unless the tensor is a view, an input or a buffer, or a view of it was
    taken before the update (that view would still show the old values).
    """
    order = {n: i for i, n in enumerate(program.graph.nodes)}
    for node in program.graph.nodes:
        if not _is_in_place(node):
            continue
        base = node.args[0]
        while isinstance(base, torch.fx.Node) and _is_in_place(base):
            base = base.args[0]
        if not isinstance(base, torch.fx.Node) or base.op != "call_function" or _is_view(base):
            return True
        for member in _versions(base):
            for user in member.users:
                if _is_view(user) and order[user] < order[node]:
                    return True
    return False
