"""Issue 7, item 5: every older schema migrates, once, after a backup, and survives a kill.

Each past schema version has a fixture in tests/store/fixtures/schema-N.json (a test fails
when CURRENT_SCHEMA grows without one). Each migrates to the current schema with every
document kept; migrating twice gives what migrating once gives, at the function and at the
store level; the first save of an older file writes a whole backup of it before any file of
the migrated database; and a writer killed at random instants while migrating a large file
leaves either the old file, byte for byte and readable with its old content, or the migrated
database with the change.
"""

from __future__ import annotations

import copy
import json
import random
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path

import pytest

from planner import service
from planner.domain import Week
from planner.store import CURRENT_SCHEMA, Store
from planner.store.files import decode
from planner.store.migrations import migrate, schema_of
from tests.reliability.faults import FaultPlan, inject
from tests.reliability.harness import REPO, child_env, content, files, orphan_parts, temp_files

FIXTURES = Path(__file__).parents[1] / "store" / "fixtures"
PAST = list(range(CURRENT_SCHEMA))
TODAY = date(2026, 11, 23)


def fixture(version: int) -> Path:
    return FIXTURES / f"schema-{version}.json"


def documents(data: dict) -> dict[str, int]:
    return {table: len(data.get(table, {})) for table in ("contacts", "touches", "blocks", "goals")}


def test_there_is_a_fixture_for_every_past_schema() -> None:
    missing = [version for version in PAST if not fixture(version).is_file()]
    assert not missing, f"add tests/store/fixtures/schema-N.json for versions {missing}"


@pytest.mark.parametrize("version", PAST)
def test_each_past_schema_migrates_to_the_current_one_keeping_every_document(
    version: int, tmp_path: Path
) -> None:
    raw = fixture(version).read_bytes()
    data = decode(raw)
    assert schema_of(data) == version
    untouched = copy.deepcopy(data)
    once = migrate(data)
    assert data == untouched, "migrate changed its input"
    assert schema_of(once) == CURRENT_SCHEMA
    assert migrate(once) == once, "migrating twice differs from migrating once"
    assert documents(once) == documents(data)

    db = tmp_path / "planner.json"
    db.write_bytes(raw)
    store = Store.open(db)
    assert db.read_bytes() == raw, "reading an old file rewrote it"
    assert documents(content(store)) == documents(data)
    before = content(store)
    service.add_contact(store, today=TODAY, name="Cem")  # the first save migrates
    migrated = Store.open(db)
    assert schema_of(decode(db.read_bytes())) == CURRENT_SCHEMA
    expected = before | {
        "contacts": before["contacts"] | {max(store.contacts): migrated_cem(store)}
    }
    assert content(migrated) | {"next_id": None} == expected | {"next_id": None}
    # Migrated once, never again: the next saves take no migration backup and keep the data.
    backups = len(migrated.backups())
    service.add_contact(migrated, today=TODAY, name="Dana")
    assert len(Store.open(db).backups()) == backups
    assert Store.open(db).contacts.keys() == migrated.contacts.keys()


def migrated_cem(store: Store) -> dict:
    from planner.store.converters import contact_to_doc

    return contact_to_doc(store.contact(max(store.contacts)))


@pytest.mark.parametrize("version", PAST)
def test_a_whole_backup_is_written_before_any_migrated_file(version: int, tmp_path: Path) -> None:
    db = tmp_path / "planner.json"
    shutil.copy(fixture(version), db)
    old = content(Store.open(db))
    store = Store.open(db, clock=lambda: datetime(2026, 11, 23, 9, 0))
    with inject(FaultPlan()) as plan:
        service.add_contact(store, today=TODAY, name="Cem")
    first, *rest = plan.replaced
    assert Path(first).parent == tmp_path / "backups", plan.replaced
    assert rest and all(Path(target).parent != tmp_path / "backups" for target in rest)
    assert rest[-1] == str(db), "the root must be replaced last"
    backup = Store.open(first, read_only=True)
    assert content(backup) == old, "the backup does not hold the old database"
    assert schema_of(decode(Path(first).read_bytes())) == version


@pytest.mark.parametrize("version", PAST)
def test_an_older_database_has_every_contact_sorted_and_goals_on_every_channel(
    version: int, tmp_path: Path
) -> None:
    db = tmp_path / "planner.json"
    shutil.copy(fixture(version), db)
    store = Store.open(db)
    assert store.contacts and not any(contact.to_sort for contact in store.contacts.values())
    assert store.goals and all(goal.channel is None for goal in store.goals.values())
    plan = service.plan(store, Week.of(TODAY), datetime(2026, 11, 23, 8, 0))
    assert plan.summary.to_sort == 0
    service.add_contact(store, today=TODAY, name="Cem")  # saved as the current schema
    again = Store.open(db)
    assert not any(contact.to_sort for contact in again.contacts.values())
    assert service.contacts_to_sort(again) == []


def big_old_file(path: Path, contacts: int = 6000) -> None:
    """A schema-0 file large enough that its migration takes a while to write."""
    data = json.loads(fixture(0).read_bytes())
    ana = data["contacts"]["1"]
    touch = data["touches"]["1"]
    for ident in range(3, contacts + 3):
        data["contacts"][str(ident)] = ana | {"name": f"Person {ident} 🌍", "notes": "x" * 80}
        data["touches"][str(ident)] = touch | {
            "contact_id": ident,
            "date": f"2026-{1 + ident % 12:02d}-{1 + ident % 28:02d}",
        }
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


MIGRATING_WRITER = """
import sys
from datetime import date
from planner import service
from planner.domain import Week
from planner.store import Store
store = Store.open(sys.argv[1])
print("ready", flush=True)
service.add_contact(store, today=date(2026, 11, 23), name="Cem")
print("ack", flush=True)
"""


def test_a_kill_during_the_migration_leaves_the_old_file(tmp_path: Path) -> None:
    """30 kills at random instants of a writer whose first save migrates a 6,000-contact file."""
    template = tmp_path / "template.json"
    big_old_file(template)
    raw = template.read_bytes()
    old = content(Store.open(template, read_only=True))
    rng = random.Random(5)
    db = tmp_path / "data" / "planner.json"
    outcomes = {"old": 0, "migrated": 0, "old, with leftovers": 0}

    # How long a whole migration takes here, to spread the kills over it.
    db.parent.mkdir()
    shutil.copy(template, db)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", MIGRATING_WRITER, str(db)],
        env=child_env(),
        cwd=REPO,
        check=True,
        capture_output=True,
    )
    span = time.perf_counter() - started
    migrated = content(Store.open(db))
    assert len(migrated["contacts"]) == len(old["contacts"]) + 1

    for _ in range(30):
        shutil.rmtree(db.parent)
        db.parent.mkdir()
        db.write_bytes(raw)
        child = subprocess.Popen(
            [sys.executable, "-c", MIGRATING_WRITER, str(db)],
            env=child_env(),
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.05, span))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate()
        assert child.returncode == -signal.SIGKILL or out.endswith(b"ack\n"), err
        leftovers = bool(temp_files(db.parent) or orphan_parts(db))
        if db.read_bytes() == raw:
            assert content(Store.open(db)) == old, "the old file no longer reads as it did"
            outcomes["old, with leftovers" if leftovers else "old"] += 1
        else:
            assert content(Store.open(db)) == migrated
            outcomes["migrated"] += 1
        assert not temp_files(db.parent) and not orphan_parts(db), files(db.parent).keys()
        assert all(Store.open(backup, read_only=True).contacts for backup in Store(db).backups()), (
            "a backup of the old file does not load"
        )
    print(f"migration kills: {outcomes} (a whole migration takes {span:.2f} s)")
    assert outcomes["old, with leftovers"] >= 3, f"too few kills landed mid-write: {outcomes}"
