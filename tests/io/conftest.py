"""Fixtures of the io tests: the shared real-world files, and a fixed `today`."""

import os
from datetime import date
from pathlib import Path

import pytest

#: `shared/testdata` beside the repository (or worktree) root; never copied into the project.
SHARED_TESTDATA = (Path(__file__).parents[2] / ".." / "shared" / "testdata").resolve()
TODAY = date(2026, 11, 23)


def shared_testdata(folder: Path = SHARED_TESTDATA) -> Path:
    """`folder` if it exists; else skip the test, or fail it when PLANNER_REQUIRE_TESTDATA=1
    (CI sets it, so the real-world files can never silently go untested)."""
    if folder.is_dir():
        return folder
    message = f"shared test data not found at {folder}"
    if os.environ.get("PLANNER_REQUIRE_TESTDATA") == "1":
        pytest.fail(f"{message} (PLANNER_REQUIRE_TESTDATA=1 requires it)")
    pytest.skip(message)


@pytest.fixture(scope="session")
def testdata() -> Path:
    """The shared test data folder (see `shared_testdata`)."""
    return shared_testdata()


@pytest.fixture(scope="session")
def vcf(testdata: Path):
    """Bytes of one file of `shared/testdata/vcf` by name."""

    def read(name: str) -> bytes:
        return (testdata / "vcf" / name).read_bytes()

    return read
