"""Shared by the example generators: a notebook with the python3 kernelspec, written into examples/."""
from pathlib import Path

import nbformat
from nbformat.v4 import new_notebook

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def write(cells: list, name: str) -> None:
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, EXAMPLES / name)
