"""The kernel path (`compute="kernel"`): the model runs with PyTorch, behind the browser's method API.

`forward(*inputs, taps)` returns the outputs and the tapped values; `gradient(*inputs, objective,
wrt, taps)` differentiates a scalar `objective(outputs, taps)` with respect to an input or a tap.

With an exported program, taps are IR names (inputs, nodes) or module paths, as in the browser:
the program (`exported.program.module()`) runs through a torch.fx Interpreter that records node
values, and a gradient with respect to a tap replaces that node's value by a leaf tensor. Without
one (models torch.export cannot capture), taps are module paths, read with forward hooks (the
module's output, or the first tensor of a tuple output). A module path's value is its first
output ref in the IR `modules` map — the same value the hook would see.

Example:
    >>> import torch, netlens
    >>> from netlens.bridge import KernelModel
    >>> model = torch.nn.Sequential(torch.nn.Linear(4, 3), torch.nn.Tanh(), torch.nn.Linear(3, 1)).eval()
    >>> k = KernelModel(model, netlens.export(model, torch.randn(2, 4)))
    >>> outputs, taps = k.forward(torch.randn(2, 4), taps=["1", "linear"])
    >>> sorted(taps), tuple(outputs[0].shape)
    (['1', 'linear'], (2, 1))
    >>> value, grad, _ = k.gradient(torch.randn(2, 4), objective=lambda out, t: out[0].sum(), wrt="input")
    >>> tuple(grad.shape)
    (2, 4)
"""
from __future__ import annotations

import difflib
import inspect
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import numpy as np
import torch
import torch.utils._pytree as pytree

from . import _messages as msg
from ._capture import eval_mode
from .errors import UnknownTapError

#: How many close matches an unknown-tap error suggests.
SUGGESTIONS = 3

Objective = Callable[[List[torch.Tensor], Dict[str, torch.Tensor]], torch.Tensor]


class KernelModel:
    """Runs `model` with PyTorch (eval mode), with the browser's forward/gradient API.

    exported: the ExportedModel of `model` (netlens.export), or None when it could not be
    exported; taps are then module paths only.
    """

    def __init__(self, model: torch.nn.Module, exported: Any = None):
        self.model = model
        self.exported = exported
        self._program = exported.program.module() if exported is not None else None
        if self._program is not None:
            self._node_names = [n.name for n in self._program.graph.nodes if n.op in ("placeholder", "call_function")]
            self._modules = {p: m["outputs"] for p, m in exported.ir["modules"].items()}
            self.input_names = list(exported.input_names)
        else:
            self._node_names = []
            self._modules = {}
            self.input_names = _forward_arg_names(model)

    # --- the API --------------------------------------------------------------------------

    def forward(self, *inputs: Any, taps: Sequence[str] = ()) -> Tuple[List[torch.Tensor], Dict[str, torch.Tensor]]:
        """(outputs flattened in order, {tap: value}), all detached."""
        with torch.no_grad():
            outputs, tapped, _ = self._run(_as_tensors(inputs), list(taps), None)
        return [o.detach() for o in outputs], {k: v.detach() for k, v in tapped.items()}

    def gradient(self, *inputs: Any, objective: Objective, wrt: str,
                 taps: Sequence[str] = ()) -> Tuple[float, torch.Tensor, Dict[str, torch.Tensor]]:
        """(objective value, d objective / d wrt, {tap: value}).

        wrt: an input name (e.g. "x") or a tap (IR node name or module path); the gradient has
        the shape of that value.
        """
        tensors = _as_tensors(inputs)
        with torch.enable_grad():
            outputs, tapped, leaf = self._run(tensors, list(taps), wrt)
            value = objective(outputs, dict(tapped))
            if not isinstance(value, torch.Tensor) or value.numel() != 1:
                raise ValueError(msg.objective_not_scalar(tuple(getattr(value, "shape", ()))))
            (grad,) = torch.autograd.grad(value.reshape(()), leaf, allow_unused=True)
        if grad is None:
            raise ValueError(msg.no_gradient(wrt))
        return float(value.detach()), grad.detach(), {k: v.detach() for k, v in tapped.items()}

    # --- running --------------------------------------------------------------------------

    def _run(self, inputs: List[torch.Tensor], taps: List[str], wrt: Optional[str]):
        if self.exported is not None:
            self.exported.check_inputs(*inputs)
        leaf = None
        if wrt is not None and wrt in self.input_names:
            i = self.input_names.index(wrt)
            if not inputs[i].is_floating_point():
                raise ValueError(msg.wrt_not_float(wrt, str(inputs[i].dtype).replace("torch.", "")))
            inputs[i] = leaf = inputs[i].detach().clone().requires_grad_(True)
            wrt = None
        if self._program is not None:
            return self._run_program(inputs, taps, wrt, leaf)
        return self._run_hooks(inputs, taps, wrt, leaf)

    def _node_of(self, tap: str) -> str:
        if tap in self._node_names:
            return tap
        if tap in self._modules and self._modules[tap]:
            return self._modules[tap][0]
        raise self._unknown(tap, self._node_names + list(self._modules))

    def _run_program(self, inputs, taps, wrt, leaf):
        wanted = {tap: self._node_of(tap) for tap in taps}
        replace = self._node_of(wrt) if wrt is not None else None
        interpreter = _Recorder(self._program, set(wanted.values()), replace)
        out = interpreter.run(*inputs)
        tapped = {tap: _tensor_or_fail(tap, interpreter.values.get(node)) for tap, node in wanted.items()}
        return pytree.tree_leaves(out), tapped, leaf if replace is None else interpreter.leaf

    def _run_hooks(self, inputs, taps, wrt, leaf):
        modules = dict(self.model.named_modules())
        for name in list(taps) + ([wrt] if wrt is not None else []):
            if name not in modules:
                raise self._unknown(name, [p for p in modules if p] + self.input_names)
        values: Dict[str, Any] = {}
        leaves: Dict[str, torch.Tensor] = {}
        handles = []
        try:
            if wrt is not None:
                handles.append(modules[wrt].register_forward_hook(_replacing_hook(wrt, leaves)))
            for tap in taps:
                handles.append(modules[tap].register_forward_hook(_recording_hook(tap, values)))
            with eval_mode(self.model):
                out = self.model(*inputs)
        finally:
            for h in handles:
                h.remove()
        tapped = {tap: _tensor_or_fail(tap, values.get(tap), reached=tap in values) for tap in taps}
        if wrt is not None and wrt not in leaves:
            raise ValueError(msg.tap_not_reached(wrt))
        return pytree.tree_leaves(out), tapped, leaves.get(wrt, leaf)

    def _unknown(self, name: str, candidates: List[str]) -> UnknownTapError:
        close = difflib.get_close_matches(name, candidates, n=SUGGESTIONS, cutoff=0.5)
        return UnknownTapError(msg.unknown_tap(name, close, self._program is not None))


class _Recorder(torch.fx.Interpreter):
    """Records the values of chosen nodes; replaces one node's value by a leaf (gradient w.r.t. a tap)."""

    def __init__(self, module: torch.fx.GraphModule, record: set, replace: Optional[str]):
        super().__init__(module)
        self.record, self.replace = record, replace
        self.values: Dict[str, Any] = {}
        self.leaf: Optional[torch.Tensor] = None

    def run_node(self, n: torch.fx.Node) -> Any:
        out = super().run_node(n)
        if n.name == self.replace:
            out = self.leaf = _leaf(n.name, out)
        if n.name in self.record:
            self.values[n.name] = out
        return out


def _leaf(name: str, value: Any) -> torch.Tensor:
    if not isinstance(value, torch.Tensor):
        raise ValueError(msg.tap_not_tensor(name))
    if not value.is_floating_point():
        raise ValueError(msg.wrt_not_float(name, str(value.dtype).replace("torch.", "")))
    return value.detach().clone().requires_grad_(True)


def _first_tensor(value: Any) -> Optional[torch.Tensor]:
    if isinstance(value, torch.Tensor):
        return value
    if isinstance(value, (tuple, list)) and value and isinstance(value[0], torch.Tensor):
        return value[0]
    return None


# A module called more than once (a shared ReLU) is tapped at its first call, as the IR's
# `modules` map lists that call's value first.
def _recording_hook(name: str, values: Dict[str, Any]):
    def hook(module, args, output):
        values.setdefault(name, _first_tensor(output))

    return hook


def _replacing_hook(name: str, leaves: Dict[str, torch.Tensor]):
    def hook(module, args, output):
        if name in leaves:
            return None
        first = _first_tensor(output)
        if first is None:
            raise ValueError(msg.tap_not_tensor(name))
        leaves[name] = _leaf(name, first)
        if isinstance(output, torch.Tensor):
            return leaves[name]
        return type(output)([leaves[name], *output[1:]]) if isinstance(output, tuple) else [leaves[name], *output[1:]]

    return hook


def _tensor_or_fail(name: str, value: Any, reached: bool = True) -> torch.Tensor:
    if not reached:
        raise ValueError(msg.tap_not_reached(name))
    if not isinstance(value, torch.Tensor):
        raise ValueError(msg.tap_not_tensor(name))
    return value


def _as_tensors(inputs: Sequence[Any]) -> List[torch.Tensor]:
    return [torch.from_numpy(np.ascontiguousarray(x)) if isinstance(x, np.ndarray) else x for x in inputs]


def _forward_arg_names(model: torch.nn.Module) -> List[str]:
    try:
        params = inspect.signature(model.forward).parameters.values()
    except (TypeError, ValueError):
        return []
    return [p.name for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]

