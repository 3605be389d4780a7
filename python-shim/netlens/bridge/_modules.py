"""Module paths of graph nodes (from torch.export's `nn_module_stack`) and the IR `modules` map.

Example:
    >>> normalize_path("L['self'].layer1.0"), normalize_path("L['self']._modules['fc']"), normalize_path("L['self']")
    ('layer1.0', 'fc', '')
    >>> normalize_path("getattr(L['self'].blocks, '0').attn")
    'blocks.0.attn'
"""
from __future__ import annotations

import re
from typing import Any, Dict, Iterable, List, Sequence, Tuple

_SELF = re.compile(r"^L\['self'\]\.?|^L__self___?|^self\.?")
_GETATTR = re.compile(r"getattr\((.+?), '([^']+)'\)")
_ITEM = re.compile(r"(?:\.?_modules)?\[['\"]?([^'\"\]]+)['\"]?\]")
#: Stack entries torch.export writes for nodes created outside any module call (e.g. sym_size).
_NO_MODULE = "_empty_nn_module_stack_from_metadata_hook"


def normalize_path(path: str) -> str:
    """A module path as `named_modules()` spells it ("" = the root), whatever torch version wrote it."""
    if path == _NO_MODULE:
        return ""
    while True:
        rewritten = _GETATTR.sub(lambda m: f"{m.group(1)}.{m.group(2)}", path)
        if rewritten == path:
            break
        path = rewritten
    path = _SELF.sub("", path)
    path = _ITEM.sub(lambda m: f".{m.group(1)}", path)
    return path.strip(".")


def type_name(t: Any) -> str:
    """Class name from a type or its qualified name ("torch.nn.modules.conv.Conv2d" → "Conv2d")."""
    name = t if isinstance(t, str) else getattr(t, "__qualname__", getattr(t, "__name__", str(t)))
    return name.rsplit(".", 1)[-1]


def module_stack(node: Any, root_type: str) -> List[Tuple[str, str]]:
    """[(path, type)] from the root to the innermost module whose forward produced the node."""
    stack = [("", root_type)]
    for value in (node.meta.get("nn_module_stack") or {}).values():
        path, kind = value[0], value[1]
        if path == _NO_MODULE:
            continue
        entry = (normalize_path(path), type_name(kind))
        if entry[0] == "":
            stack[0] = ("", entry[1])
        elif entry[0] != stack[-1][0]:
            stack.append(entry)
    return stack


def modules_map(
    nodes: Sequence[Dict[str, Any]],
    stacks: Dict[str, List[Tuple[str, str]]],
    outputs: Iterable[str],
    is_tensor: Dict[str, bool],
) -> Dict[str, Dict[str, Any]]:
    """{path: {"type", "outputs"}}: for each module, the tensor refs made inside it that are read
    outside it (by a node of another module or as a graph output), in graph order."""
    order = {n["name"]: i for i, n in enumerate(nodes)}
    found: Dict[str, Dict[str, Any]] = {}

    def mark(ref: str, reader_paths: set) -> None:
        if ref not in stacks or not is_tensor.get(ref, False):
            return
        for path, kind in stacks[ref]:
            if path not in reader_paths:
                entry = found.setdefault(path, {"type": kind, "outputs": []})
                if ref not in entry["outputs"]:
                    entry["outputs"].append(ref)

    for node in nodes:
        readers = {p for p, _ in stacks[node["name"]]}
        for ref in _refs(node):
            mark(ref, readers)
    for ref in outputs:
        mark(ref, set())
    for entry in found.values():
        entry["outputs"].sort(key=order.__getitem__)
    return {path: found[path] for path in sorted(found, key=lambda p: (min(order[r] for r in found[p]["outputs"]), p))}


def _refs(node: Dict[str, Any]) -> List[str]:
    out: List[str] = []

    def walk_input(v: Any) -> None:
        if isinstance(v, str):
            out.append(v)
        elif isinstance(v, list):
            for x in v:
                walk_input(x)

    def walk_attr(v: Any) -> None:
        if isinstance(v, dict):
            if isinstance(v.get("ref"), str):
                out.append(v["ref"])
        elif isinstance(v, list):
            for x in v:
                walk_attr(x)

    walk_input(node["inputs"])
    for value in node["attrs"].values():
        walk_attr(value)
    return out
