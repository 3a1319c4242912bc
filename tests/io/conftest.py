"""Fixtures of the io tests: the shared real-world files, and a fixed `today`."""

import os
from datetime import date
from pathlib import Path

import pytest

#: `shared/testdata` beside the repository (or worktree) root; never copied into the project.
SHARED_TESTDATA = (Path(__file__).parents[2] / ".." / "shared" / "testdata").resolve()
TODAY = date(2026, 11, 23)


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The shared test data folder. Where it is missing, tests using it skip, unless
    PLANNER_REQUIRE_TESTDATA=1 (as in CI), where they fail."""
    if SHARED_TESTDATA.is_dir():
        return SHARED_TESTDATA
    message = f"shared test data not found at {SHARED_TESTDATA}"
    if os.environ.get("PLANNER_REQUIRE_TESTDATA") == "1":
        pytest.fail(f"{message} (PLANNER_REQUIRE_TESTDATA=1 requires it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def vcf(testdata: Path):
    """Bytes of one file of `shared/testdata/vcf` by name."""

    def read(name: str) -> bytes:
        return (testdata / "vcf" / name).read_bytes()

    return read
