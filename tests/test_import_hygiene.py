"""The domain, engine, store and io layers never import Textual: they must run headless."""

import subprocess
import sys

import pytest

LAYERS = [
    "planner.domain",
    "planner.store",
    "planner.service",
    "planner.demo",
    "planner.cli",
    "planner.calendars.freshness",
    "planner.calendars.publishing",
]


@pytest.mark.parametrize("module", LAYERS)
def test_layer_does_not_import_textual(module):
    code = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
