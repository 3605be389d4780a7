"""ExportedProgram → IR document (docs/ir.md): inputs, weights, nodes, outputs, modules, symbols.

Pipeline:
  1. placeholders → `inputs` (user inputs) and `weights` (parameters, buffers, constants the graph reads)
  2. each call_function node → its translator (ops/), which writes IR nodes; ops without one are
     collected and raised together as UnsupportedOpError
  3. shapes and dtypes from `node.meta["val"]`, the dynamic batch symbol renamed to "batch"
  4. `modules`: per module path, the values its forward returned
"""
from __future__ import annotations

import operator
from typing import Any, Dict, List, Optional, Tuple

import numpy as np
import torch
from torch.export.graph_signature import InputKind, OutputKind

from .._version import __version__
from . import _messages as msg
from ._modules import module_stack, modules_map
from ._values import SYM_DTYPE, encode_number, encode_numbers, ir_dtype, shape_of
from .errors import ExportError, UnsupportedOpError
from .ops import SAME, SYM_OPS, Emit, Unsupported, bind, lookup, sym_op

IR_FORMAT = "netlens.ir"
IR_VERSION = 1
#: The name the IR gives the shared dynamic first dimension of the inputs.
BATCH = "batch"

_WEIGHT_KINDS = (InputKind.PARAMETER, InputKind.BUFFER, InputKind.CONSTANT_TENSOR)


class Translation:
    """Walks one ExportedProgram; translators call back into it to encode values."""

    def __init__(self, program: Any, model_type: str, batch_symbol: Optional[str]):
        self.program = program
        self.model_type = model_type
        self.symbol_names: Dict[str, str] = {batch_symbol: BATCH} if batch_symbol else {}
        self.taken = {n.name for n in program.graph.nodes}
        self.nodes: List[Dict[str, Any]] = []
        self.stacks: Dict[str, List[Tuple[str, str]]] = {}
        self.tensor_valued: Dict[str, bool] = {}
        self.first_of_tuple: Dict[str, str] = {}
        self.failed: set = set()
        self.unsupported: List[str] = []

    # --- encoders translators use ---------------------------------------------------------

    def ref(self, v: Any) -> Any:
        """A tensor input: a ref (string), number, bool, None or a list of those."""
        if isinstance(v, torch.fx.Node):
            return v.name
        if isinstance(v, (list, tuple)):
            return [self.ref(x) for x in v]
        if v is None or isinstance(v, (bool, int, float)):
            return encode_number(v)
        raise Unsupported(msg.bad_argument(type(v).__name__, v))

    def attr(self, v: Any) -> Any:
        """An attribute: numbers, strings, lists, null, and {"ref"} for a symbolic int."""
        if isinstance(v, torch.fx.Node):
            return {"ref": v.name}
        if isinstance(v, (list, tuple)):
            return [self.attr(x) for x in v]
        if isinstance(v, torch.dtype):
            return ir_dtype(v)
        if v is None or isinstance(v, (bool, int, float, str)):
            return encode_number(v)
        if isinstance(v, (torch.SymInt, torch.SymFloat)):
            raise Unsupported(msg.unbound_symbol(v))
        return str(v)

    def val(self, v: Any) -> Any:
        return v.meta.get("val") if isinstance(v, torch.fx.Node) else v

    def is_tensor(self, v: Any) -> bool:
        return isinstance(self.val(v), torch.Tensor)

    def rank(self, v: Any) -> int:
        return self.val(v).dim()

    def shape(self, v: Any) -> Any:
        """IR shape of a value: a list of dims, a list of those for tuples, None for ints."""
        val = self.val(v)
        if isinstance(val, torch.Tensor):
            return shape_of(val, self.symbol_names)
        if isinstance(val, (list, tuple)):
            return [self.shape(x) for x in val]
        return None

    def dtype(self, v: Any) -> Any:
        val = self.val(v)
        if isinstance(val, torch.Tensor):
            dtype = ir_dtype(val.dtype)
            if dtype is None:
                raise Unsupported(msg.complex_dtype(str(val.dtype).replace("torch.", "")))
            return dtype
        if isinstance(val, (list, tuple)):
            return [self.dtype(x) for x in val]
        return SYM_DTYPE if isinstance(val, (int, torch.SymInt)) else None

    def fresh(self, hint: str) -> str:
        """A node name not used by the graph, for helper nodes."""
        name, i = hint, 1
        while name in self.taken:
            name, i = f"{hint}_{i}", i + 1
        self.taken.add(name)
        return name

    # --- the walk ---------------------------------------------------------------------------

    def run(self) -> None:
        for node in self.program.graph.nodes:
            if node.op == "call_function":
                self._call(node)
            elif node.op == "call_module":
                self._fail(f"fx.call_module {node.target}", module_stack(node, self.model_type), None, node)
            # get_attr nodes hold the subgraphs of control-flow ops (torch.cond), reported by those ops.
        if self.unsupported:
            items = list(dict.fromkeys(self.unsupported))
            raise UnsupportedOpError(msg.unsupported_ops(items), items)

    def _fail(self, op: str, stack: List[Tuple[str, str]], reason: Optional[str], node: Any = None) -> None:
        path, kind = stack[-1]
        self.unsupported.append(msg.unsupported_item(op, path, kind, reason))
        if node is not None:
            self.failed.add(node.name)

    def _call(self, node: Any) -> None:
        stack = module_stack(node, self.model_type)
        target = node.target
        name = _op_name(target)
        try:
            if target is operator.getitem:
                emits = self._getitem(node, stack)
            elif target in SYM_OPS or getattr(target, "__module__", None) in ("_operator", "operator"):
                emits = sym_op(self, node)
            elif isinstance(target, torch._ops.OpOverload):
                translator = lookup(name, target._overloadname)
                if translator is None:
                    return self._fail(name, stack, None, node)
                emits = translator(self, node, bind(node))
            else:
                return self._fail(name, stack, None, node)
            if emits is None:
                return
            # Writing checks the result's dtype too (complex results are refused there).
            for emit in emits if isinstance(emits, list) else [emits]:
                self._write(node, emit, stack)
        except Unsupported as err:
            return self._fail(name, stack, str(err.args[0]) if err.args else None, node)

    def _getitem(self, node: Any, stack: List[Tuple[str, str]]) -> Optional[Emit]:
        source, index = node.args
        if source.name in self.failed:
            self.failed.add(node.name)
            return None
        if source.name in self.first_of_tuple:
            # The IR op has output 0 only (values of max_pool2d_with_indices, BatchNorm's result).
            if index == 0:
                return Emit("identity", [source.name])
            if node.users:
                op = self.first_of_tuple[source.name]
                self._fail(op, stack, msg.max_pool_indices() if "pool" in op else msg.tuple_output(index), node)
            return None
        return Emit("getitem", [source.name], {"index": index})

    def _write(self, node: Any, emit: Emit, stack: List[Tuple[str, str]]) -> None:
        name = emit.name or node.name
        val = node.meta.get("val")
        if emit.first_of_tuple:
            self.first_of_tuple[name] = _op_name(node.target)
            val = val[0]
        shape = self.shape(val) if emit.shape is SAME else emit.shape
        dtype = self.dtype(val) if emit.dtype is SAME else emit.dtype
        self.nodes.append({
            "name": name, "op": emit.op, "inputs": encode_numbers(emit.inputs), "attrs": encode_numbers(emit.attrs),
            "module": stack[-1][0], "module_type": stack[-1][1], "shape": shape, "dtype": dtype,
        })
        self.stacks[name] = stack
        self.tensor_valued[name] = dtype not in (None, SYM_DTYPE) and not isinstance(dtype, list)


def _op_name(target: Any) -> str:
    """`aten.linear` for aten ops; a dotted Python name for anything else."""
    if isinstance(target, torch._ops.OpOverload):
        ns, _, op = target._schema.name.partition("::")
        return f"{ns}.{op}"
    if isinstance(target, torch._ops.HigherOrderOperator):
        return f"torch.ops.higher_order.{target.name()}"
    module = getattr(target, "__module__", None) or ""
    module = "operator" if module == "_operator" else module
    return f"{module}.{getattr(target, '__name__', str(target))}".lstrip(".")


def translate(program: Any, model_type: str) -> Tuple[dict, Dict[str, np.ndarray]]:
    """The IR document and the weights {name: array} of an ExportedProgram (see module doc)."""
    signature = program.graph_signature
    placeholders = {n.name: n for n in program.graph.nodes if n.op == "placeholder"}
    user_inputs = [s for s in signature.input_specs if s.kind == InputKind.USER_INPUT]
    batch_symbol = _batch_symbol([placeholders[s.arg.name] for s in user_inputs])
    tr = Translation(program, model_type, batch_symbol)

    inputs = []
    for spec in user_inputs:
        node = placeholders[spec.arg.name]
        if not tr.is_tensor(node):
            raise ExportError(msg.bad_example(len(inputs), type(tr.val(node)).__name__))
        inputs.append({"name": node.name, "shape": tr.shape(node), "dtype": _dtype_or_fail(tr, node)})
        tr.stacks[node.name] = [("", model_type)]
    weights_ir, weights = _weights(program, placeholders, tr)
    tr.run()

    outputs = []
    for i, spec in enumerate(s for s in signature.output_specs if s.kind == OutputKind.USER_OUTPUT):
        name = getattr(spec.arg, "name", None)
        if name is None or name not in placeholders and name not in tr.stacks:
            raise ExportError(msg.non_tensor_output(i, type(getattr(spec.arg, "value", None)).__name__))
        outputs.append(name)
    for name in placeholders:
        tr.tensor_valued.setdefault(name, True)
        tr.stacks.setdefault(name, [("", model_type)])

    ir = {
        "format": IR_FORMAT,
        "version": IR_VERSION,
        "producer": {"netlens": __version__, "torch": torch.__version__.split("+")[0], "model": model_type},
        "inputs": inputs,
        "weights": weights_ir,
        "nodes": tr.nodes,
        "outputs": outputs,
        "modules": modules_map(tr.nodes, tr.stacks, outputs, tr.tensor_valued),
        "symbols": _symbols(program, tr, [placeholders[s.arg.name] for s in user_inputs]),
    }
    return ir, weights


def _dtype_or_fail(tr: Translation, node: Any) -> str:
    try:
        return tr.dtype(node)
    except Unsupported as err:
        item = msg.input_item(node.name, str(err.args[0]))
        raise UnsupportedOpError(msg.unsupported_ops([item]), [item]) from None


def _batch_symbol(nodes: List[Any]) -> Optional[str]:
    for node in nodes:
        val = node.meta.get("val")
        if isinstance(val, torch.Tensor) and val.dim() > 0 and isinstance(val.shape[0], torch.SymInt):
            expr = val.shape[0].node.expr
            if expr.is_symbol:
                return expr.name
    return None


def _weights(program: Any, placeholders: Dict[str, Any], tr: Translation) -> Tuple[list, Dict[str, np.ndarray]]:
    described, values = [], {}
    for spec in program.graph_signature.input_specs:
        if spec.kind not in _WEIGHT_KINDS:
            continue
        node = placeholders[spec.arg.name]
        if not node.users:
            continue  # e.g. BatchNorm's num_batches_tracked: never read by an eval forward
        value = program.state_dict.get(spec.target) if spec.target in program.state_dict else program.constants.get(spec.target)
        if not isinstance(value, torch.Tensor):
            item = msg.constant_item(spec.target, type(value).__name__)
            raise UnsupportedOpError(msg.unsupported_ops([item]), [item])
        dtype = ir_dtype(value.dtype)
        if dtype is None:
            item = msg.weight_item(spec.target, msg.complex_dtype(str(value.dtype).replace("torch.", "")))
            raise UnsupportedOpError(msg.unsupported_ops([item]), [item])
        array = _weight_array(spec.target, value)
        described.append({"name": node.name, "target": spec.target, "shape": list(array.shape), "dtype": dtype})
        values[node.name] = array
    return described, values


def _weight_array(target: str, value: torch.Tensor) -> np.ndarray:
    t = value.detach().cpu()
    if t.is_floating_point():
        return t.float().numpy()
    if t.dtype == torch.bool:
        return t.numpy()
    array = t.numpy()
    info = np.iinfo(np.int32)
    if array.size and (int(array.min()) < info.min or int(array.max()) > info.max):
        raise ExportError(msg.int_weight_overflow(target, int(array.min()), int(array.max())))
    return array.astype(np.int32)


def _symbols(program: Any, tr: Translation, inputs: List[Any]) -> Dict[str, Dict[str, Any]]:
    examples: Dict[str, int] = {}
    for node in inputs:
        for d in tr.val(node).shape:
            if isinstance(d, torch.SymInt) and d.node.expr.is_symbol:
                hint = d.node.hint
                if hint is not None:
                    examples.setdefault(d.node.expr.name, int(hint))
    out = {}
    for sym, vr in program.range_constraints.items():
        if not getattr(sym, "is_symbol", False) or sym.name not in examples:
            continue
        out[tr.symbol_names.get(sym.name, sym.name)] = {
            "example": examples[sym.name], "min": _bound(vr.lower), "max": _bound(vr.upper)}
    return out


def _bound(v: Any) -> Optional[int]:
    try:
        return int(v) if v.is_finite else None
    except (AttributeError, TypeError, ValueError):
        return None

