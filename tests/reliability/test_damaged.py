"""Issue 7, item 4: damaged files are reported in one clear message and never touched.

A small database (two contacts, touches in two months, a block, a goal, two backups) is
damaged in every way listed in `damages.py` — the root truncated at every byte offset, a part
truncated at every byte offset, and a catalogue of wrong contents. Every time: opening it
raises one error whose message names the file and the newest backup; the command line exits 1
with that message and no traceback, for reading and for writing commands; and every file
stays byte for byte as it was. A file from a newer planner opens read-only instead.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from planner import service
from planner.store import CURRENT_SCHEMA, DamagedDatabase, ReadOnlyDatabase, Store, StoreError
from tests.reliability.damages import DAMAGES, DAY_TWO, Damage, meta, part_of
from tests.reliability.harness import (
    REPO,
    child_env,
    cli,
    content,
    files,
    planner_command,
)

#: The schema as this planner writes it into the root, and one a newer planner would.
SCHEMA = f'"schema":{CURRENT_SCHEMA}'.encode()
NEWER_SCHEMA = f'"schema":{CURRENT_SCHEMA + 1}'.encode()


def assert_reported(db: Path, damaged: Path | None = None) -> str:
    """Opening fails with one message naming the file and the newest backup; the command line
    says the same and exits 1; nothing changes on disk. Returns the message."""
    before = files(db.parent)
    with pytest.raises(DamagedDatabase) as caught:
        Store.open(db)
    message = caught.value.message
    newest = Store(db).backups()[0]
    assert str(db) in message and str(newest) in message, message
    if damaged is not None:
        assert str(damaged) in message, message
    assert "left exactly as it is" in message
    assert "\n" not in message
    for argv in (("contacts", "list"), ("contacts", "add", "--name", "Cem")):
        result = cli(db, *argv)
        assert result.code == 1 and result.out == "", result
        assert result.err == f"planner: {message}\n", result.err
    assert files(db.parent) == before, "a damaged database was changed"
    return message


def test_the_root_truncated_at_every_byte_offset(db: Path) -> None:
    whole = db.read_bytes()
    assert len(whole) > 500, "the fixture should exercise a real root file"
    for offset in range(len(whole)):
        db.write_bytes(whole[:offset])
        with pytest.raises(DamagedDatabase) as caught:
            Store.open(db)
        assert str(db) in caught.value.message and "backups" in caught.value.message, offset
        assert db.read_bytes() == whole[:offset]
        if offset % 50 == 0:
            assert_reported(db)


@pytest.mark.parametrize("prefix", ["contacts-", "touches-2026-10"])
def test_a_part_truncated_at_every_byte_offset(db: Path, prefix: str) -> None:
    part = part_of(db, prefix)
    whole = part.read_bytes()
    for offset in range(len(whole)):
        part.write_bytes(whole[:offset])
        with pytest.raises(DamagedDatabase) as caught:
            Store.open(db)
        assert str(part) in caught.value.message, offset
        assert part.read_bytes() == whole[:offset]
        if offset % 25 == 0:
            assert_reported(db, part)


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.name)
def test_a_damaged_database_is_reported_once_and_left_alone(db: Path, damage: Damage) -> None:
    damaged = damage.apply(db)
    message = assert_reported(db, damaged)
    assert damage.words.lower() in message.lower(), message


@pytest.mark.parametrize(
    "name", ["zero bytes", "UTF-16", "100,000 nested arrays", "nesting deep inside a document"]
)
def test_the_installed_command_reports_damage_without_a_traceback(db: Path, name: str) -> None:
    next(damage for damage in DAMAGES if damage.name == name).apply(db)
    before = files(db.parent)
    for argv in (("contacts", "list"), ("log", "1", "--channel", "call", "--purpose", "value")):
        result = subprocess.run(
            planner_command("--db", str(db), *argv),
            capture_output=True,
            text=True,
            env=child_env(),
            cwd=REPO,
            timeout=60,
        )
        assert result.returncode == 1, result
        assert result.stderr.startswith("planner: ") and result.stderr.count("\n") == 1
        assert "Traceback" not in result.stderr and "cannot be read" in result.stderr
    assert files(db.parent) == before


def test_a_file_from_a_newer_planner_is_read_but_never_written(db: Path) -> None:
    expected = content(Store.open(db))
    db.write_bytes(db.read_bytes().replace(SCHEMA, NEWER_SCHEMA))
    before = files(db.parent)
    store = Store.open(db)
    assert content(store) == expected
    reason = store.read_only_reason or ""
    assert "newer planner" in reason and str(store.backups()[0]) in reason, reason
    with pytest.raises(ReadOnlyDatabase):
        service.add_contact(store, today=DAY_TWO.date(), name="Cem")
    listed = cli(db, "contacts", "list")
    assert listed.code == 0 and listed.out, "a newer file can still be read"
    assert (
        listed.err.count("\n") == 1 and "read-only" in listed.err and "newer planner" in listed.err
    )
    result = cli(db, "contacts", "add", "--name", "Cem")
    assert result.code == 1 and result.err.count("\n") == 1, result
    assert str(db) in result.err and "newer planner" in result.err and "backups" in result.err
    assert files(db.parent) == before


def test_a_newer_file_this_version_cannot_read_says_so(db: Path) -> None:
    newest = Store.open(db).backups()[0]
    data = json.loads(db.read_bytes())
    meta(data)["schema"] = 7
    data["blocks"]["1"] = {"shape": "from the future"}
    db.write_text(json.dumps(data))
    before = files(db.parent)
    with pytest.raises(StoreError, match="newer planner") as caught:
        Store.open(db)
    assert str(db) in caught.value.message and str(newest) in caught.value.message
    assert cli(db, "contacts", "list").code == 1
    assert files(db.parent) == before


def test_an_empty_object_as_root_never_costs_the_parts(db: Path) -> None:
    """`{}` is what TinyDB writes for an empty database. Opened, it is an empty network; but
    the parts folder beside it still holds someone's contacts and history: they must not be
    deleted as leftovers, nor overwritten by the next save."""
    parts = files(db.parent / "planner.parts")
    db.write_bytes(b"{}")
    store = Store.open(db)
    assert store.is_empty
    assert files(db.parent / "planner.parts") == parts, "opening deleted the parts"
    service.add_contact(store, today=DAY_TWO.date(), name="Cem")
    kept = [path for path in db.parent.iterdir() if path.name.startswith("planner.parts.replaced-")]
    assert len(kept) == 1 and files(kept[0]) == parts, "the old parts were not kept aside"
    assert [c.name for c in Store.open(db).contacts.values()] == ["Cem"]


def test_a_root_copied_back_from_a_backup_keeps_the_parts_it_replaces(db: Path) -> None:
    """A backup copied over the root by hand is a whole database in one file: it opens, and
    the parts of the database it replaced are kept aside at the next save."""
    backup = Store.open(db).backups()[0]
    parts = files(db.parent / "planner.parts")
    shutil.copy(backup, db)
    store = Store.open(db)
    assert [c.name for c in store.contacts.values()] == ["Ana Müller", "Ben 🌍"]
    assert store.touch_count == 0
    assert files(db.parent / "planner.parts") == parts
    service.add_contact(store, today=DAY_TWO.date(), name="Cem")
    kept = [path for path in db.parent.iterdir() if path.name.startswith("planner.parts.replaced-")]
    assert len(kept) == 1 and files(kept[0]) == parts
    assert len(Store.open(db).contacts) == 3


def test_a_very_large_contact_id_survives_a_save(db: Path) -> None:
    """Contact parts are named by id // 1000 in at least four digits; ids from 10,000,000 up
    give five, which the reader refused as an unknown part after the store wrote it."""
    store = Store.open(db)
    store._contents.next_id["contacts"] = 12_345_678
    service.add_contact(store, today=DAY_TWO.date(), name="Far away")
    assert Store.open(db).contact(12_345_678).name == "Far away"


def test_backups_taken_in_the_same_second_are_listed_newest_first(db: Path) -> None:
    folder = db.parent / "backups"
    for path in folder.iterdir():
        path.unlink()
    for name in ("planner-20261121-080000.json", "planner-20261121-080000-1.json"):
        (folder / name).write_bytes(b"{}")
    (folder / "planner-20261121-080000-2.json").write_bytes(b"{}")
    assert [path.name for path in Store(db).backups()] == [
        "planner-20261121-080000-2.json",
        "planner-20261121-080000-1.json",
        "planner-20261121-080000.json",
    ]


def test_a_failed_save_puts_the_parts_it_set_aside_back(db: Path, tmp_path: Path) -> None:
    import errno

    from planner.store import WriteFailed
    from tests.reliability.faults import FaultPlan, inject

    db.write_bytes(b"{}")
    shutil.copytree(db.parent, tmp_path / "dry")
    with inject(FaultPlan()) as counted:
        service.add_contact(
            Store.open(tmp_path / "dry" / "planner.json"), today=DAY_TWO.date(), name="Dry"
        )
    assert list(tmp_path.glob("dry/planner.parts.replaced-*")), "the dry run set nothing aside"
    before = files(db.parent)
    for number, kind in enumerate(counted.calls[:-1], 1):  # the last: covered in test_faults
        store = Store.open(db)
        with inject(FaultPlan(fail_at=number, errno=errno.EIO)):
            with pytest.raises(WriteFailed):
                service.add_contact(store, today=DAY_TWO.date(), name="Cem")
        assert files(db.parent) == before, f"call {number} ({kind})"
        assert not list(db.parent.glob("*.replaced-*")), f"call {number} ({kind})"


def test_parts_older_than_a_root_that_does_not_list_them_are_never_leftovers(db: Path) -> None:
    """Beside a root that lists no parts, a folder holding only the next generation is the
    leftover of that root's own interrupted first save - unless the parts are older than the
    root: then they are another database's (a restore that stopped before setting them
    aside, a backup copied over the root), and are kept."""
    import time

    backup = Store(db).backups()[0]
    generation = json.loads(backup.read_bytes())["meta"]["1"]["generation"]
    parts = db.parent / "planner.parts"
    for part in list(parts.iterdir()):
        key = part.name.split(".")[0]
        part.rename(parts / f"{key}.{generation + 1}.json")
    time.sleep(0.01)
    shutil.copy(backup, db)  # the root is now newer than every part
    kept = files(parts)
    Store.open(db)
    assert files(parts) == kept, "another database's parts were deleted as leftovers"
