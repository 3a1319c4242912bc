from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from planner.store import Store

TODAY = date(2026, 11, 23)


@pytest.fixture
def store(db_path: Path) -> Store:
    return Store.open(db_path)
