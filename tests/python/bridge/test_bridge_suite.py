"""Every suite model exports, its IR obeys docs/ir.md, and the IR computes what the model computes.

The IR is checked structurally (op set parsed from docs/ir.md §3, refs defined before use,
weights matching their descriptions, modules map, JSON round trip) and semantically: the
reference evaluator (ir_eval.py, PyTorch) runs the IR at the example batch and at another batch
size; outputs must match model(x) within 1e-5 (relative to the output's scale).
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import torch

from suite_loader import SUITE
from ir_eval import evaluate
from netlens._arrow import ipc_to_tensors

DOC = Path(__file__).resolve().parents[3] / "docs" / "ir.md"
DTYPES = {"float32", "int32", "bool"}
RTOL = 1e-5


def documented_ops() -> set:
    """IR op names: the backticked names in the first column of the tables of docs/ir.md §3."""
    text = DOC.read_text()
    section = text[text.index("## 3. Ops"): text.index("## 4.")]
    ops = set()
    for line in section.splitlines():
        if line.startswith("|") and not line.startswith("|---"):
            first = line.split("|")[1]
            ops.update(re.findall(r"`([a-z0-9_]+)`", first))
    return ops


OPSET = documented_ops()


def test_op_set_is_parsed():
    assert {"linear", "conv2d", "lstm", "getitem", "sym_mul", "full", "index"} <= OPSET


def refs_of(node: dict) -> list:
    out = []

    def walk_input(v):
        if isinstance(v, str):
            out.append(("input", v))
        elif isinstance(v, list):
            for x in v:
                walk_input(x)

    def walk_attr(v):
        if isinstance(v, dict) and "ref" in v:
            out.append(("attr", v["ref"]))
        elif isinstance(v, dict):
            for x in v.values():
                walk_attr(x)
        elif isinstance(v, list):
            for x in v:
                walk_attr(x)

    walk_input(node["inputs"])
    for v in node["attrs"].values():
        walk_attr(v)
    return out


def validate(ir: dict, weights: dict) -> None:
    """Structural checks of docs/ir.md §1 and §3; raises AssertionError naming the problem."""
    assert ir["format"] == "netlens.ir" and ir["version"] == 1
    assert set(ir["producer"]) >= {"netlens", "torch", "model"}
    defined, kinds = [], {}
    for v in ir["inputs"]:
        assert v["dtype"] in DTYPES, v
        defined.append(v["name"])
        kinds[v["name"]] = v["dtype"]
    for w in ir["weights"]:
        assert w["dtype"] in DTYPES, w
        assert w["name"] in weights, f"weight {w['name']} has no value"
        assert list(weights[w["name"]].shape) == w["shape"], w
        defined.append(w["name"])
        kinds[w["name"]] = w["dtype"]
    for node in ir["nodes"]:
        assert node["op"] in OPSET, f"{node['name']}: op {node['op']} is not in docs/ir.md §3"
        assert set(node) == {"name", "op", "inputs", "attrs", "module", "module_type", "shape", "dtype"}, node
        assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", node["name"]), node["name"]
        for where, ref in refs_of(node):
            assert ref in kinds, f"{node['name']} reads {ref} before it is defined"
            if where == "attr":
                assert kinds[ref] == "int", f"{node['name']}: attr ref {ref} is not a sym_* value"
        if node["op"].startswith("sym_"):
            assert node["dtype"] == "int" and node["shape"] is None
        defined.append(node["name"])
        kinds[node["name"]] = node["dtype"] if isinstance(node["dtype"], str) else "tuple"
    assert len(defined) == len(set(defined)), "names must be unique across inputs, weights and nodes"
    assert ir["outputs"] and all(r in kinds for r in ir["outputs"])
    assert ir["modules"], "modules map is empty"
    for path, module in ir["modules"].items():
        assert module["type"] and module["outputs"], path
        assert all(kinds.get(r) in DTYPES for r in module["outputs"]), (path, module)
    assert set(weights) == {w["name"] for w in ir["weights"]}


def _scale(t: torch.Tensor) -> float:
    return max(float(t.abs().max()), 1e-6)


def _batch_of_3(x: torch.Tensor) -> torch.Tensor:
    return torch.cat([x, x[:1].flip(-1)], dim=0)


@pytest.mark.parametrize("name", list(SUITE))
def test_exports_and_validates(exported_suite, name):
    spec, m = exported_suite(name)
    validate(m.ir, m.weights)
    assert json.loads(m.ir_json()) == m.ir
    assert m.ir["symbols"]["batch"] == {"example": 2, "min": 1, "max": None}
    assert all(v["shape"][0] == "batch" for v in m.ir["inputs"])
    names = {n["name"] for n in m.ir["nodes"]} | set(m.input_names)
    assert set(spec.grad_wrt) <= names
    assert m.num_parameters == sum(p.numel() for p in spec.model.parameters())
    assert m.notes == []


@pytest.mark.parametrize("name", list(SUITE))
def test_ir_computes_the_model(exported_suite, name):
    spec, m = exported_suite(name)
    for inputs in (spec.inputs, tuple(_batch_of_3(x) for x in spec.inputs)):
        with torch.no_grad():
            want = spec.model(*inputs)
            got, _ = evaluate(m.ir, m.weights, inputs)
        want = [want] if isinstance(want, torch.Tensor) else list(want)
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert g.shape == w.shape
            assert float((g - w).abs().max()) <= RTOL * _scale(w), name


@pytest.mark.parametrize("name", ["cnn", "lstm", "gpt_mask"])
def test_weights_payload_round_trips(exported_suite, name):
    _, m = exported_suite(name)
    decoded = ipc_to_tensors(m.weights_ipc())
    assert list(decoded) == [w["name"] for w in m.ir["weights"]]
    for key, value in m.weights.items():
        np.testing.assert_array_equal(decoded[key], value)


def test_module_outputs_are_what_forward_returned(exported_suite):
    spec, m = exported_suite("resnet18")
    modules = m.ir["modules"]
    assert modules["layer1.0"]["type"] == "BasicBlock"
    assert modules[""]["outputs"] == m.output_names
    # A block's output is its final relu; the downsample branch returns its BatchNorm.
    block = modules["layer2.0"]["outputs"]
    nodes = {n["name"]: n for n in m.ir["nodes"]}
    assert [nodes[r]["op"] for r in block] == ["relu"]
    assert [nodes[r]["op"] for r in modules["layer2.0.downsample"]["outputs"]] == ["batch_norm"]
    assert nodes[block[0]]["module"] == "layer2.0.relu"
