from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planner.store import Store
from tests.reliability.damages import build


@pytest.fixture(scope="module")
def original(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("original") / "planner.json"
    build(db)
    assert len(Store.open(db).backups()) == 2
    return db


@pytest.fixture
def db(original: Path, tmp_path: Path) -> Path:
    shutil.copytree(original.parent, tmp_path / "data")
    return tmp_path / "data" / "planner.json"
