"""planner.io stays pure: no screen, no database; the shared test data rule holds."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.io.conftest import shared_testdata


def test_io_imports_neither_textual_nor_tinydb():
    code = (
        "import sys, planner.io\n"
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'tinydb', 'rich'}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_missing_shared_testdata_skips_or_fails_when_required(tmp_path: Path, monkeypatch):
    assert shared_testdata(tmp_path) == tmp_path
    missing = tmp_path / "nowhere"
    monkeypatch.delenv("PLANNER_REQUIRE_TESTDATA", raising=False)
    with pytest.raises(pytest.skip.Exception, match="shared test data not found"):
        shared_testdata(missing)
    monkeypatch.setenv("PLANNER_REQUIRE_TESTDATA", "1")
    with pytest.raises(pytest.fail.Exception, match="PLANNER_REQUIRE_TESTDATA=1 requires it"):
        shared_testdata(missing)
