"""Issue 7, item 2: every call on the write path fails in turn, with ENOSPC and with EIO.

For each change below, a dry run counts the calls the store makes to put it on disk (create
a temp file, write, close, fsync, link, replace, fsync the folder), then the change is made
again on a fresh copy once per call, with that call failing. Every time: the command says
what went wrong in words and exits 1, prints nothing as saved, leaves every file byte for
byte as it was with no temp file, and the database reopens without the change; the same
command run again afterwards gives exactly what it gives without any fault (no id used up).
"""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

from planner import service
from planner.domain import TouchStatus
from planner.store import Store, WriteFailed
from tests.reliability.faults import FaultPlan, inject
from tests.reliability.harness import cli, content, disk_content, files, temp_files
from tests.store.conftest import add_contact, add_touch

FIXTURES = Path(__file__).parents[1] / "store" / "fixtures"
ERRNOS = [errno.ENOSPC, errno.EIO]
LONG_AGO = datetime(2020, 1, 6, 8, 0)


def network(db: Path, *, backed_up_today: bool) -> None:
    """Two contacts with touches in two months, a block and a goal, saved on an earlier day."""
    store = Store.open(db, clock=lambda: LONG_AGO)
    ana = add_contact(store, "Ana Müller", tier="A", notes="🌍 [bold]")
    add_contact(store, "Ben Okafor", referred_by=ana)
    service.log_touch(store, ana, channel="coffee", purpose="networking", day="2026-10-12")
    add_touch(store, ana, date(2026, 11, 24))
    service.add_block(store, kind="prospecting", day="mon", start="09:00", end="11:00")
    service.add_goal(store, metric="prospecting_share", target="40")
    if backed_up_today:
        with Store.open(db).transaction() as tx:  # the real clock: today's backup is taken
            tx.set_settings(store.settings.but(referral_interval_days=60))


@dataclass(frozen=True)
class Change:
    name: str
    prepare: Callable[[Path], None]
    argv: tuple[str, ...]
    kinds: frozenset[str]  # calls the dry run must include, so coverage cannot quietly shrink


def version_0(db: Path) -> None:
    db.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / "schema-0.json", db)


ALL = frozenset({"create", "write", "close", "fsync", "link", "replace", "fsync-dir"})
CHANGES = [
    Change(
        "the first save of a new database",
        lambda db: None,
        ("contacts", "add", "--name", "Ana"),
        ALL - {"link"},
    ),
    Change(
        "a contact added by the first change of the day, after a backup",
        lambda db: network(db, backed_up_today=False),
        ("contacts", "add", "--name", "Cem Yılmaz", "--tier", "A"),
        ALL,
    ),
    Change(
        "a touch logged in a month that had none",
        lambda db: network(db, backed_up_today=True),
        ("log", "1", "--channel", "call", "--purpose", "networking", "--date", "2026-09-01"),
        ALL,
    ),
    Change(
        "a contact removed with its touches in two months",
        lambda db: network(db, backed_up_today=True),
        ("contacts", "remove", "1"),
        ALL,
    ),
    Change(
        "a time block added (the root file alone)",
        lambda db: network(db, backed_up_today=True),
        ("blocks", "add", "--kind", "admin", "--day", "fri", "--start", "16:00", "--end", "17:00"),
        ALL,
    ),
    Change(
        "a version-0 file migrated by its first change",
        version_0,
        ("contacts", "add", "--name", "Cem"),
        ALL,
    ),
]


@pytest.fixture(scope="module")
def prepared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each change's starting folder, built once."""
    folders = {}
    for change in CHANGES:
        folder = tmp_path_factory.mktemp("start")
        change.prepare(folder / "planner.json")
        folders[change.name] = folder
    return folders


def fresh(start: Path, where: Path) -> Path:
    if where.exists():
        shutil.rmtree(where)
    if start.exists():
        shutil.copytree(start, where)
    else:
        where.mkdir(parents=True)
    return where / "planner.json"


def assert_unchanged(db: Path, before: dict[str, bytes], *, kept_parts: bool, where: str) -> None:
    """Every file as it was. One exception: when the folder could not be synced after an
    existing root was replaced, the old root is put back but the new parts stay until the next
    start, since the disk may hold either root until that folder is synced."""
    now = files(db.parent)
    if kept_parts:
        extra = {name for name in set(now) - set(before) if name.startswith("planner.parts/")}
        assert {name: now[name] for name in now if name not in extra} == before, where
        Store.open(db)  # the next start
        now = files(db.parent)
    assert now == before, f"{where}: a file changed"


@pytest.mark.parametrize("error", ERRNOS, ids=errno.errorcode.get)
@pytest.mark.parametrize("change", CHANGES, ids=lambda change: change.name)
def test_a_failing_call_on_the_write_path_saves_nothing_and_says_so(
    change: Change, error: int, prepared: dict[str, Path], tmp_path: Path
) -> None:
    start = prepared[change.name]
    db = fresh(start, tmp_path / "dry")
    with inject(FaultPlan()) as counted:
        assert cli(db, *change.argv).code == 0
    expected_after = disk_content(db)
    assert change.kinds <= set(counted.calls), f"the write path changed: {counted.calls}"

    words = {errno.ENOSPC: "No space left on device", errno.EIO: "Input/output error"}[error]
    for number, kind in enumerate(counted.calls, 1):
        db = fresh(start, tmp_path / "run")
        before_files = files(db.parent)
        before = disk_content(db) if db.exists() else None
        with inject(FaultPlan(fail_at=number, errno=error)) as plan:
            result = cli(db, *change.argv)
        where = f"{change.name}: call {number} ({kind}) failing with {errno.errorcode[error]}"
        assert plan.injected == kind, where
        assert result.code == 1, f"{where}: exit {result.code}, {result.err}"
        assert result.out == "", f"{where}: printed as saved: {result.out}"
        assert result.err.startswith("planner: Could not save to "), where
        assert words in result.err and "not saved" in result.err, where
        assert result.err.count("\n") == 1 and "Traceback" not in result.err, where
        assert not temp_files(db.parent), f"{where}: temp files left"
        kept = kind == "fsync-dir" and before is not None
        assert_unchanged(db, before_files, kept_parts=kept, where=where)
        if before is not None:
            assert disk_content(db) == before, where
        again = cli(db, *change.argv)
        assert again.code == 0, f"{where}: the retry failed: {again.err}"
        assert disk_content(db) == expected_after, f"{where}: the retry differs"


@pytest.mark.parametrize("error", ERRNOS, ids=errno.errorcode.get)
def test_a_failed_check_off_leaves_the_open_store_as_it_was(
    error: int, prepared: dict[str, Path], tmp_path: Path
) -> None:
    """The app keeps one store open: after a failed save it must still show the old state."""
    start = prepared["a contact removed with its touches in two months"]

    def check_off(store: Store) -> None:
        touch = next(t for t in store.all_touches() if t.status is TouchStatus.PLANNED)
        service.mark_done(store, touch.id, note="Went well ✅")

    db = fresh(start, tmp_path / "dry")
    store = Store.open(db)
    with inject(FaultPlan()) as counted:
        check_off(store)
    expected_after = content(store)

    for number, kind in enumerate(counted.calls, 1):
        db = fresh(start, tmp_path / "run")
        store = Store.open(db)
        before, before_files = content(store), files(db.parent)
        with inject(FaultPlan(fail_at=number, errno=error)):
            with pytest.raises(WriteFailed) as caught:
                check_off(store)
        where = f"call {number} ({kind})"
        assert str(db) in caught.value.message, where
        assert content(store) == before, f"{where}: the open store shows the unsaved change"
        assert_unchanged(db, before_files, kept_parts=kind == "fsync-dir", where=where)
        assert disk_content(db) == before, where
        check_off(store)
        assert content(store) == expected_after == disk_content(db), where
