"""Fixtures of the calendar tests: the shared real-world iCalendar files."""

from pathlib import Path

import pytest

from tests.calendars.servers import IcsServer, Radicale
from tests.io.conftest import shared_testdata


@pytest.fixture(scope="session")
def ics_files() -> Path:
    """`shared/testdata/ics` beside the repository root (skipped when absent, failed when
    PLANNER_REQUIRE_TESTDATA=1)."""
    return shared_testdata() / "ics"


@pytest.fixture
def ics_server():
    """A local HTTP server for .ics URLs (routes set by the test)."""
    server = IcsServer()
    yield server
    server.close()


@pytest.fixture
def radicale(tmp_path: Path):
    """A Radicale CalDAV server with `auth type = none` on a free port, data in tmp_path."""
    server = Radicale(tmp_path / "radicale")
    server.folder.mkdir()
    server.start()
    yield server
    server.stop()
