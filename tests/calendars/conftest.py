"""Fixtures of the calendar tests: the shared real-world iCalendar files."""

from pathlib import Path

import pytest

from tests.io.conftest import shared_testdata


@pytest.fixture(scope="session")
def ics_files() -> Path:
    """`shared/testdata/ics` beside the repository root (skipped when absent, failed when
    PLANNER_REQUIRE_TESTDATA=1)."""
    return shared_testdata() / "ics"
