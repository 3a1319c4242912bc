"""`planner doctor` and `planner restore` (issue 7, item 4).

doctor: checks without changing anything, says healthy (exit 0) or lists every problem with
the file it is in (exit 1), and lists the backups with date, size, contents and whether each
loads. restore: puts a backup back only if it loads, keeps the database it replaces (root and
parts folder, renamed beside it), never deletes a file, and leaves everything as it was when
it cannot finish.
"""

from __future__ import annotations

import errno
import json
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from planner import service
from planner.store import CURRENT_SCHEMA, LockTimeout, Store
from planner.store.doctor import check_database, restore_backup
from tests.reliability.damages import DAMAGES, DAY_TWO, Damage, part_of
from tests.reliability.faults import FaultPlan, inject
from tests.reliability.harness import cli, content, files

#: The schema as this planner writes it into the root, and one a newer planner would.
SCHEMA = f'"schema":{CURRENT_SCHEMA}'.encode()
NEWER_SCHEMA = f'"schema":{CURRENT_SCHEMA + 1}'.encode()


def everything(folder: Path) -> list[bytes]:
    """The contents of every file below `folder`, wherever it now lives."""
    return sorted(files(folder).values())


def test_a_healthy_database_and_its_backups(db: Path) -> None:
    result = cli(db, "doctor")
    assert result.code == 0, result
    assert "Healthy." in result.out and "2 contacts, 2 touches, 1 blocks, 1 goals" in result.out
    assert "planner-20261121-080000.json  2026-11-21 08:00:00" in result.out
    assert "loads: 2 contacts, 0 touches" in result.out
    report = json.loads(cli(db, "doctor", "--json").out)
    assert report["healthy"] is True and report["problems"] == []
    assert report["counts"] == {"contacts": 2, "touches": 2, "blocks": 1, "goals": 1}
    newest = report["backups"][0]
    assert newest["loads"] is True and newest["taken"] == "2026-11-21T08:00:00"
    assert newest["size"] == Path(newest["path"]).stat().st_size > 0
    assert newest["counts"]["contacts"] == 2 and newest["schema"] == CURRENT_SCHEMA


def test_no_database_yet_is_healthy_unless_it_cannot_be_made(tmp_path: Path) -> None:
    result = cli(tmp_path / "new" / "planner.json", "doctor")
    assert result.code == 0 and "does not exist yet" in result.out
    assert not (tmp_path / "new").exists(), "doctor created something"
    (tmp_path / "a-file").write_text("x")
    result = cli(tmp_path / "a-file" / "planner.json", "doctor")
    assert result.code == 1 and "a-file is a file, not a folder" in result.out
    (tmp_path / "a-folder").mkdir()
    result = cli(tmp_path / "a-folder", "doctor")
    assert result.code == 1 and "Is a directory" in result.out


@pytest.mark.parametrize("damage", DAMAGES, ids=lambda damage: damage.name)
def test_doctor_names_every_damage_and_restore_puts_the_newest_backup_back(
    db: Path, damage: Damage
) -> None:
    backups = Store(db).backups()
    expected = content(Store.open(backups[0], read_only=True))
    damaged = damage.apply(db)
    before = files(db.parent)

    result = cli(db, "doctor")
    assert result.code == 1, result.out
    assert f"- {damaged}" in result.out, result.out
    assert f"restore {backups[0].name}" in result.out
    report = json.loads(cli(db, "doctor", "--json").out)
    assert report["healthy"] is False and report["problems"]
    assert files(db.parent) == before, "doctor changed something"

    restored = cli(db, "restore", backups[0].name)
    assert restored.code == 0, restored.err
    assert f"Restored {backups[0]} as {db}" in restored.out
    assert content(Store.open(db)) | {"next_id": None} == expected | {"next_id": None}
    kept_root = db.with_name(f"planner.json.replaced-{_stamp(restored.out)}")
    kept_parts = db.with_name(f"planner.parts.replaced-{_stamp(restored.out)}")
    assert kept_root.read_bytes() == before["planner.json"]
    assert files(kept_parts) == {
        name.removeprefix("planner.parts/"): raw
        for name, raw in before.items()
        if name.startswith("planner.parts/")
    }
    assert set(before.values()) <= set(files(db.parent).values()), "a file was deleted"
    assert cli(db, "doctor").code == 0
    assert cli(db, "contacts", "add", "--name", "Cem").code == 0


def _stamp(out: str) -> str:
    return out.split("planner.json.replaced-")[1].split(" ")[0]


def _edit_part(db: Path, prefix: str, change) -> Path:  # type: ignore[no-untyped-def]
    part = part_of(db, prefix)
    data = json.loads(part.read_bytes())
    change(data)
    part.write_text(json.dumps(data))
    return part


def test_touches_and_referrals_that_point_at_nobody(db: Path) -> None:
    touches = _edit_part(db, "touches-2026-10", lambda d: d["touches"]["1"].update(contact_id=99))
    contacts = _edit_part(db, "contacts-", lambda d: d["contacts"]["2"].update(referred_by=42))
    Store.open(db)  # the store opens it: the references are the doctor's to find
    result = cli(db, "doctor")
    assert result.code == 1
    assert f"- {touches}: touch 1 is with contact 99, who does not exist" in result.out
    assert f"- {contacts}: contact 2 was referred by contact 42, who does not exist" in result.out


def test_a_document_in_the_wrong_part_and_a_table_planner_does_not_use(db: Path) -> None:
    touch = json.loads(part_of(db, "touches-2026-11").read_bytes())["touches"]
    wrong = _edit_part(db, "touches-2026-10", lambda d: d["touches"].update(touch))
    root = json.loads(db.read_bytes())
    root["notes"] = {"1": {"text": "kept by hand"}}
    db.write_text(json.dumps(root))
    result = cli(db, "doctor")
    assert result.code == 1
    assert f"- {wrong}: holds touches 2 that belong in another part" in result.out
    assert "also in" in result.out
    assert "holds a table 'notes' that planner does not use (1 documents)" in result.out


def test_a_damaged_backup_is_listed_as_not_loading(db: Path) -> None:
    newest, older = Store(db).backups()
    newest.write_bytes(newest.read_bytes()[:100])
    result = cli(db, "doctor")
    assert result.code == 0, "the database itself is fine"
    assert f"{newest.name}" in result.out and "does not load: unexpected end" in result.out
    report = json.loads(cli(db, "doctor", "--json").out)
    assert [b["loads"] for b in report["backups"]] == [False, True]
    db.write_bytes(b"")
    result = cli(db, "doctor")
    assert f"restore {older.name}" in result.out, "advice must name a backup that loads"
    refused = cli(db, "restore", newest.name)
    assert refused.code == 1 and "cannot be restored: it cannot be read either" in refused.err
    assert db.read_bytes() == b"" and not list(db.parent.glob("*.replaced-*"))


def test_leftovers_are_notes_not_problems(db: Path) -> None:
    (db.parent / ".planner-tmp-abc.tmp").write_bytes(b"half")
    (db.parent / "planner.parts" / "contacts-0000.99.json").write_bytes(b"{}")
    result = cli(db, "doctor")
    assert result.code == 0, result.out
    assert "left by an interrupted save" in result.out
    assert "no longer named by the root" in result.out


def test_a_missing_root_with_backups_is_a_problem(db: Path) -> None:
    db.unlink()
    result = cli(db, "doctor")
    assert result.code == 1 and "is missing, but" in result.out
    assert cli(db, "restore", Store(db).backups()[0].name).code == 0
    assert len(Store.open(db).contacts) == 2


def test_restore_takes_a_path_or_a_name_and_refuses_what_is_not_a_backup(db: Path) -> None:
    newest = Store(db).backups()[0]
    assert cli(db, "restore", str(newest)).code == 0
    for name, words in (
        ("planner-19990101-000000.json", "There is no backup planner-19990101-000000.json"),
        (str(db), "is the database itself"),
    ):
        before = files(db.parent)
        result = cli(db, "restore", name)
        assert result.code == 1 and words in result.err, result.err
        assert files(db.parent) == before


def test_restore_never_hands_out_an_id_twice(db: Path) -> None:
    store = Store.open(db)
    cem = service.add_contact(store, today=DAY_TWO.date(), name="Cem")
    assert cli(db, "restore", Store(db).backups()[0].name).code == 0
    again = Store.open(db)
    assert cem.id not in again.contacts
    dana = service.add_contact(again, today=DAY_TWO.date(), name="Dana")
    assert dana.id > cem.id, "an id handed out before the restore was handed out again"


def test_an_open_store_sees_the_restored_database_before_its_next_save(db: Path) -> None:
    app = Store.open(db)
    service.add_contact(app, today=DAY_TWO.date(), name="Cem")
    restore_backup(db, Store(db).backups()[0])
    assert app.refresh() is True
    service.add_contact(app, today=DAY_TWO.date(), name="Dana")
    names = {contact.name for contact in Store.open(db).contacts.values()}
    assert names == {"Ana Müller", "Ben 🌍", "Dana"}


@pytest.mark.parametrize("error", [errno.ENOSPC, errno.EIO], ids=errno.errorcode.get)
def test_a_restore_that_cannot_write_changes_nothing(db: Path, error: int) -> None:
    backup = Store(db).backups()[0]
    before = files(db.parent)
    with inject(FaultPlan()) as counted:
        restore_backup(db, backup, clock=lambda: datetime(2026, 11, 22, 9, 0))
    calls = len(counted.calls)
    # Put the database back the way it was for each run.
    assert counted.calls[-1] == "rename", "renaming the old parts aside comes last"
    for number, kind in enumerate(counted.calls, 1):
        _reset(db, before)
        with inject(FaultPlan(fail_at=number, errno=error)):
            result = cli(db, "restore", backup.name)
        if kind == "rename":
            # The restored root names no parts: the old folder, left where it was, is set
            # aside at the next save instead.
            assert result.code == 0, result.err
            assert set(before.values()) <= set(files(db.parent).values())
            continue
        assert result.code == 1 and "Could not save to" in result.err, (number, result)
        assert files(db.parent) == before, f"call {number} of {calls}"
        assert not list(db.parent.glob("*.replaced-*"))


def _reset(db: Path, before: dict[str, bytes]) -> None:
    import shutil

    for path in db.parent.iterdir():
        if path.name.endswith(".lock"):
            continue
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
    for name, raw in before.items():
        target = db.parent / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(raw)


def test_restore_waits_for_a_writer_and_then_gives_up_in_words(db: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import time, filelock
            lock = filelock.FileLock({str(db) + ".lock"!r})
            lock.acquire()
            print("held", flush=True)
            time.sleep(30)
            """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    before = files(db.parent)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout, match="another planner"):
            restore_backup(db, Store(db).backups()[0], lock_timeout=0.3)
    finally:
        holder.kill()
        holder.wait()
    assert files(db.parent) == before


def test_doctor_agrees_with_the_store_on_every_truncated_root(db: Path) -> None:
    """Never healthy when the store cannot open it, never a problem when it can."""
    whole = db.read_bytes()
    for offset in range(0, len(whole), 7):
        db.write_bytes(whole[:offset])
        assert not check_database(db).healthy, offset
    db.write_bytes(whole)
    assert check_database(db).healthy


def test_a_file_from_a_newer_planner_is_a_problem_not_to_restore_over(db: Path) -> None:
    db.write_bytes(db.read_bytes().replace(SCHEMA, NEWER_SCHEMA))
    result = cli(db, "doctor")
    assert result.code == 1 and f"newer planner (schema {CURRENT_SCHEMA + 1}" in result.out
    assert "Update planner" in result.out and "restore planner-" not in result.out
    report = json.loads(cli(db, "doctor", "--json").out)
    listed = json.loads(db.read_bytes())["meta"]["1"]["parts"]
    assert report["newer"] is True and report["parts"] == len(listed) >= 3
