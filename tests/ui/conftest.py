"""The app on a temporary database with a fixed `now`: Monday 23 November 2026, 08:00."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from planner.demo import build_demo
from planner.store import Store
from planner.ui.app import PlannerApp

NOW = datetime(2026, 11, 23, 8, 0)
SIZE = (120, 36)


def make_app(db_path: Path, *, demo: bool = False) -> PlannerApp:
    if demo:
        build_demo(Store.open(db_path), NOW.date())
    return PlannerApp(Store.open(db_path, lock_timeout=0.5), now=NOW)


@pytest.fixture
def app(db_path: Path) -> PlannerApp:
    """An empty database."""
    return make_app(db_path)


@pytest.fixture
def demo_app(db_path: Path) -> PlannerApp:
    """The seeded demo network."""
    return make_app(db_path, demo=True)


def reopen(app: PlannerApp) -> Store:
    """What is on disk, read by a fresh store."""
    return Store.open(app.store.path)
