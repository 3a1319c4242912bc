"""Issue 7, item 1, step by step: the process ends between every two calls of a save.

The kill test stops a writer at random instants. This one leaves nothing to chance: for each
change of the write-path test, and for a restore, a forked child makes the change and ends
itself (`os._exit`, as abruptly as SIGKILL) on call number n of the write path, for every n.
After each crash the database must open, hold the state before the change or after it, and
keep no leftovers once opened; a restore must leave the old database or the restored one,
with every file of the old one still somewhere.
"""

from __future__ import annotations

import os
import shutil
import sys
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from planner.store import Store
from planner.store.doctor import restore_backup
from tests.reliability.faults import CRASHED, FaultPlan, inject
from tests.reliability.harness import cli, content, files, orphan_parts, temp_files
from tests.reliability.test_faults import CHANGES, Change, fresh

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")


def crash_at(number: int, action: Callable[..., object]) -> int:
    """Run `action` in a forked child that ends on call `number`; its exit status."""
    pid = os.fork()
    if pid == 0:  # the child
        try:
            with inject(FaultPlan(fail_at=number, crash=True)):
                action()
        except BaseException:
            traceback.print_exc()
            sys.stderr.flush()
            os._exit(3)
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


def leftovers(db: Path) -> list[Path]:
    return temp_files(db.parent) + orphan_parts(db)


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folders = {}
    for change in CHANGES:
        folder = tmp_path_factory.mktemp("start")
        change.prepare(folder / "planner.json")
        folders[change.name] = folder
    return folders


@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.name)
def test_a_crash_between_any_two_calls_of_a_save(
    change: Change, prepared: dict[str, Path], tmp_path: Path
) -> None:
    start = prepared[change.name]
    db = fresh(start, tmp_path / "dry")
    before = content(Store.open(db)) if db.exists() else None
    with inject(FaultPlan()) as counted:
        assert cli(db, *change.argv).code == 0
    after = content(Store.open(db))

    outcomes = {"before": 0, "after": 0}
    for number, kind in enumerate(counted.calls, 1):
        db = fresh(start, tmp_path / "run")
        status = crash_at(number, lambda db=db: cli(db, *change.argv))
        where = f"{change.name}: crash on call {number} ({kind})"
        assert status == CRASHED, f"{where}: the child ended with {status}"
        found = content(Store.open(db))  # the next start
        if found == after:
            outcomes["after"] += 1
        else:
            assert found == (before or content(Store.open(tmp_path / "none.json"))), where
            outcomes["before"] += 1
        assert not leftovers(db), f"{where}: {leftovers(db)}"
    assert outcomes["before"] and outcomes["after"], outcomes


def test_a_crash_between_any_two_calls_of_a_restore(tmp_path: Path) -> None:
    from tests.reliability.damages import build

    start = tmp_path / "start"
    build(start / "planner.json")
    backup = Store(start / "planner.json").backups()[0]
    old = content(Store.open(start / "planner.json"))
    restored = content(Store.open(backup, read_only=True))

    db = fresh(start, tmp_path / "dry")
    with inject(FaultPlan()) as counted:
        restore_backup(db, db.parent / "backups" / backup.name)
    for number, kind in enumerate(counted.calls, 1):
        db = fresh(start, tmp_path / "run")
        everything = set(files(db.parent).values())
        status = crash_at(
            number, lambda db=db: restore_backup(db, db.parent / "backups" / backup.name)
        )
        where = f"restore: crash on call {number} ({kind})"
        assert status == CRASHED, where
        found = content(Store.open(db))
        ids = {"next_id": None}
        assert found == old or found | ids == restored | ids, where
        assert everything <= set(files(db.parent).values()), f"{where}: a file was lost"
        assert not temp_files(db.parent), where
    shutil.rmtree(tmp_path / "run")
