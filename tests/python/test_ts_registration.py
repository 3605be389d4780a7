"""Every netlens widget's `_model_name`/`_view_name` is exported by the TypeScript module
(src/widgets/index.ts), and the module versions agree with package.json (lockstep)."""
import json
import re
from pathlib import Path

import ipywidgets

import netlens
from netlens import widgets as nl_widgets

REPO = Path(__file__).resolve().parents[2]


def ts_exports() -> set:
    text = (REPO / "src" / "widgets" / "index.ts").read_text()
    names = set()
    for group in re.findall(r"export\s*\{([^}]*)\}", text):
        names.update(n.strip().split(" as ")[-1] for n in group.split(",") if n.strip())
    return names


def netlens_widget_classes():
    return [
        obj
        for obj in vars(nl_widgets).values()
        if isinstance(obj, type) and issubclass(obj, ipywidgets.Widget) and obj.__module__.startswith("netlens")
    ]


def test_every_python_widget_has_a_ts_model_and_view():
    exported = ts_exports()
    classes = netlens_widget_classes()
    assert classes, "no widget classes found"
    for cls in classes:
        assert cls._model_module.default_value == "netlens"
        assert cls._model_name.default_value in exported, cls
        assert cls._view_name.default_value in exported, cls


def test_module_version_matches_package_json():
    version = json.loads((REPO / "package.json").read_text())["version"]
    assert netlens.__version__ == version
    for cls in netlens_widget_classes():
        assert cls._model_module_version.default_value == f"^{version}"
