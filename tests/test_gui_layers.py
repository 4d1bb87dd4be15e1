"""gui/ is grouped by job, and the import-linter layers contract covers all of it.

import-linter checks only the modules its layers name: a module added loose at gui/'s top, outside
every layer, would import anything unchecked. So every gui module must lie in one layer, and a
package's `__init__.py` holds only its docstring (importers import from the module itself).
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def gui_layers() -> list[str]:
    """The modules and packages of the gui layers contract, highest first, siblings split out."""
    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    contracts = [c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers"]
    layers = [c["layers"] for c in contracts if all(layer.startswith("gui.") for layer in c["layers"])]
    assert len(layers) == 1, "one layers contract for gui"
    return [name.strip() for layer in layers[0] for name in layer.replace(":", "|").split("|")]


def gui_modules() -> list[str]:
    names = []
    for path in sorted((REPO / "gui").rglob("*.py")):
        parts = path.relative_to(REPO).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_gui_module_lies_in_a_layer():
    layers = gui_layers()
    loose = [module for module in gui_modules() if module != "gui"
             and not any(module == layer or module.startswith(layer + ".") for layer in layers)]
    assert not loose, f"in no layer of pyproject.toml's gui contract: {loose}"


def test_the_look_is_the_bottom_layer_and_the_headless_drivers_the_top():
    layers = gui_layers()
    assert layers[0] == "gui.headless" and layers[-1] == "gui.look"


def test_a_package_init_is_only_its_docstring():
    for path in sorted((REPO / "gui").rglob("__init__.py")):
        if path == REPO / "gui" / "views" / "__init__.py":  # the VIEWS table, read by the window and the CLI
            continue
        body = ast.parse(path.read_text(encoding="utf-8")).body
        assert len(body) == 1 and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant), path
