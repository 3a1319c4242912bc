"""Real filesystems users keep their data on: a read-only disk, a database linked elsewhere."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from planner.store import Store
from planner.ui.app import PlannerApp
from tests.reliability.harness import cli, files
from tests.ui.conftest import NOW, SIZE

#: Set in CI, where the tests run as root and may mount: a read-only disk is then required.
REQUIRE = os.environ.get("PLANNER_REQUIRE_READONLY") == "1"


@pytest.fixture
def read_only_folder(db: Path, tmp_path: Path) -> Iterator[Path]:
    """A copy of the database on a disk that cannot be written: a read-only tmpfs mount when
    running as root (permissions do not stop root), else a folder without write permission."""
    if os.geteuid() != 0:
        for path in [db.parent, *db.parent.rglob("*")]:
            if path.is_dir():
                path.chmod(0o555)
        yield db.parent
        for path in [db.parent, *db.parent.rglob("*")]:
            if path.is_dir():
                path.chmod(0o755)
        return
    mount = tmp_path / "mount"
    mount.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mount)], capture_output=True
    )
    if made.returncode != 0:
        reason = f"cannot mount a tmpfs here: {made.stderr.decode().strip()}"
        if REQUIRE:
            pytest.fail(reason)
        pytest.skip(reason)
    try:
        shutil.copytree(db.parent, mount / "data")
        subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)
        yield mount / "data"
    finally:
        subprocess.run(["umount", str(mount)], check=False)


def test_the_command_line_reads_a_read_only_database_and_refuses_changes(read_only_folder):
    db = read_only_folder / "planner.json"
    before = files(read_only_folder)
    listed = cli(db, "contacts", "list", "--json")
    assert listed.code == 0 and listed.out.startswith("[")
    refused = cli(db, "contacts", "add", "--name", "Zoe")
    assert refused.code == 1 and "Traceback" not in refused.err
    assert str(read_only_folder) in refused.err
    assert files(read_only_folder) == before


async def test_the_app_opens_a_read_only_database_read_only_and_says_why(read_only_folder):
    db = read_only_folder / "planner.json"
    before = files(read_only_folder)
    app = PlannerApp.on_path(db, now=NOW)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        said = [str(note.message) for note in app._notifications]
        assert any(
            "Read-only" in text and str(read_only_folder) in text and "cannot be written" in text
            for text in said
        ), said
        assert app.store.read_only_reason is not None
        await pilot.press("c")
        await pilot.pause()
        assert len(app.store.contacts) > 0, "the contacts are shown"
    assert files(read_only_folder) == before


@pytest.fixture
def linked(db: Path, tmp_path: Path) -> Path:
    """`~/planner.json` as a link to the real database in a synced folder elsewhere."""
    home = tmp_path / "user"
    home.mkdir()
    link = home / "planner.json"
    link.symlink_to(db)
    return link


def test_a_database_behind_a_link_keeps_its_files_beside_the_real_file(db, linked):
    real = db.parent
    count = len(Store.open(db).contacts)
    assert len(Store.open(linked).contacts) == count
    added = cli(linked, "contacts", "add", "--name", "Zoe Link")
    assert added.code == 0, added.err
    assert linked.is_symlink() and linked.resolve() == db, "the link is still a link"
    assert sorted(p.name for p in linked.parent.iterdir()) == ["planner.json"]
    assert len(Store.open(db).contacts) == count + 1
    assert (real / "planner.parts").is_dir() and (real / "backups").is_dir()
    assert cli(linked, "doctor").code == 0


async def test_the_app_opens_a_linked_database_and_saves_beside_the_real_file(db, linked):
    app = PlannerApp.on_path(linked, now=NOW)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.store.read_only_reason is None
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
    assert Store.open(db).week_touches(app.this_week), "the plan is in the real database"
    assert sorted(p.name for p in linked.parent.iterdir()) == ["planner.json"]
