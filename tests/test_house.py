"""The house: the layers stay in their rooms (the core runs headless, the engine and domain
never reach storage, the screens and the command line go through the service), and no room
grows too big to find one's way in."""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import planner

PACKAGE = Path(planner.__file__).parent
LAYERS = [
    "planner.domain",
    "planner.store",
    "planner.service",
    "planner.demo",
    "planner.cli",
    "planner.calendars.freshness",
    "planner.calendars.publishing",
]

#: For each part of planner, the modules it must never import (a name or the start of one).
FORBIDDEN = {
    "domain": (
        "textual",
        "rich",
        "tinydb",
        "filelock",
        "planner.store",
        "planner.service",
        "planner.engine",
        "planner.io",
        "planner.ui",
        "planner.cli",
    ),
    "engine": (
        "textual",
        "rich",
        "tinydb",
        "filelock",
        "planner.store",
        "planner.service",
        "planner.io",
        "planner.ui",
        "planner.cli",
    ),
    "store": (
        "textual",
        "planner.engine",
        "planner.service",
        "planner.io",
        "planner.ui",
        "planner.cli",
    ),
    "io": ("textual", "planner.store.store", "planner.service", "planner.ui", "planner.cli"),
    "service": ("textual", "planner.ui", "planner.cli"),
    "cli": ("textual", "planner.io", "planner.ui.app", "planner.ui.screens"),
    "ui": ("planner.io", "planner.cli"),
    "calendars": (
        "textual",
        "planner.store.store",
        "planner.service",
        "planner.ui",
        "planner.cli",
        "planner.engine",
    ),
    "web": ("textual", "planner.io", "planner.ui", "planner.store", "planner.service"),
}


@pytest.mark.parametrize("module", LAYERS)
def test_layer_does_not_import_textual(module):
    code = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def imported_names(path: Path) -> set[str]:
    """Every module a source file imports, at the top or inside a function."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer):
    offenders = sorted(
        f"{path.relative_to(PACKAGE)} imports {name}"
        for path in (PACKAGE / layer).rglob("*.py")
        for name in imported_names(path)
        if any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN[layer])
    )
    assert offenders == []


def test_the_rule_catches_an_import_inside_a_function(tmp_path):
    source = tmp_path / "screen.py"
    source.write_text("def act():\n    from planner.io import ImportPlan\n", encoding="utf-8")
    assert "planner.io" in imported_names(source)


#: A module or class larger than this is a sign that a room should be split before the next
#: feature moves in.
MODULE_LINES = 700
CLASS_LINES = 400


def test_no_module_or_class_outgrows_its_room():
    too_big = []
    for path in sorted(PACKAGE.rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = len(source.splitlines())
        if lines > MODULE_LINES:
            too_big.append(f"{path.relative_to(PACKAGE)}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ClassDef) and node.end_lineno is not None:
                size = node.end_lineno - node.lineno + 1
                if size > CLASS_LINES:
                    too_big.append(f"{path.relative_to(PACKAGE)}: class {node.name}, {size} lines")
    assert too_big == []
