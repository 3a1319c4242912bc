"""The user's calendars in the database: saved, read back, undone with a failed change, backed
up, checked by doctor; never a password; the local copies live beside the database."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from planner.domain import Calendar, CalendarKind, CalendarSource, PublishState
from planner.domain.calendars import Published
from planner.store import Store, StoreError
from planner.store.doctor import check_database
from tests.store.conftest import add_contact


def work_calendar(ident: int = 1, name: str = "work", **changes) -> Calendar:
    source = CalendarSource(
        name=name,
        kind=CalendarKind.CALDAV,
        location="https://dav.example.com/ana/work/",
        user="ana",
        password_command="pass show dav/ana",
        buffer_minutes=10,
        publish=True,
        alarm_minutes=15,
    )
    return Calendar(ident, replace(source, **changes))


STATE = PublishState(
    "https://dav.example.com/ana/work/",
    {12: Published("planner-abc-touch-12", "/ana/work/x.ics", '"e1"', "d" * 32, "2026-W48")},
)


def test_a_calendar_and_its_publish_state_round_trip(store: Store, db_path: Path) -> None:
    with store.transaction() as tx:
        made = tx.put_calendar(replace(work_calendar(tx.new_calendar_id()), published=STATE))
        tx.put_calendar(
            Calendar(
                tx.new_calendar_id(),
                CalendarSource("holidays", CalendarKind.ICS, "/home/ana/holidays.ics"),
            )
        )
    again = Store.open(db_path)
    assert again.calendars[made.id] == made
    assert again.calendars[2].source.all_day_busy is False
    assert again.next_id("calendars") == 3
    assert check_database(db_path).healthy


def test_no_password_is_ever_in_the_file(store: Store, db_path: Path) -> None:
    with store.transaction() as tx:
        tx.put_calendar(work_calendar(tx.new_calendar_id()))
    root = json.loads(db_path.read_text())
    (doc,) = root["calendars"].values()
    assert set(doc) == {
        "name",
        "kind",
        "location",
        "user",
        "password_command",
        "buffer_minutes",
        "publish",
        "alarm_minutes",
    }


def test_a_failed_change_leaves_the_calendars_as_they_were(store: Store) -> None:
    with store.transaction() as tx:
        tx.put_calendar(work_calendar(tx.new_calendar_id()))
    before = dict(store.calendars)
    with pytest.raises(RuntimeError), store.transaction() as tx:
        tx.delete_calendar(1)
        tx.put_calendar(work_calendar(tx.new_calendar_id(), name="home"))
        raise RuntimeError("half way")
    assert dict(store.calendars) == before
    assert store.next_id("calendars") == 2


def test_a_calendar_that_could_not_be_read_back_is_refused(store: Store) -> None:
    broken = Calendar(1, CalendarSource("work", CalendarKind.ICS, "relative/file.ics"))
    with pytest.raises(StoreError, match="cannot be saved"), store.transaction() as tx:
        tx.put_calendar(broken)
    assert not store.calendars


def test_a_backup_holds_the_calendars(store: Store, clock, db_path: Path) -> None:
    add_contact(store)
    with store.transaction() as tx:
        tx.put_calendar(work_calendar(tx.new_calendar_id()))
    clock.moment = clock.moment.replace(day=24)
    add_contact(store, "Ben Okafor")  # the first change of the next day takes a backup
    backup = store.backups()[0]  # the newest, taken before the change of the 24th
    assert Store.open(backup, read_only=True).calendars[1] == work_calendar(1)


def test_doctor_names_a_damaged_calendar_and_two_of_the_same_name(
    store: Store, db_path: Path
) -> None:
    with store.transaction() as tx:
        tx.put_calendar(work_calendar(tx.new_calendar_id()))
        tx.put_calendar(work_calendar(tx.new_calendar_id(), name="home", publish=False))
    root = json.loads(db_path.read_text())
    root["calendars"]["2"]["name"] = "Work"
    root["calendars"]["3"] = {"name": "x", "kind": "ics", "location": "https://a:b@h/x.ics"}
    db_path.write_text(json.dumps(root))
    report = check_database(db_path)
    messages = [finding.message for finding in report.problems]
    assert any("calendars document 3" in text and "password" in text for text in messages)
    assert any("both named 'Work'" in text for text in messages), messages


def test_the_local_copies_live_beside_the_real_file(tmp_path: Path) -> None:
    real = tmp_path / "synced" / "planner.json"
    real.parent.mkdir()
    link = tmp_path / "planner.json"
    link.symlink_to(real)
    store = Store.open(link)
    assert store.paths.calendars == real.parent / "planner.calendars"


def test_a_version_1_file_has_no_calendars_and_gains_the_table_at_its_next_save(
    tmp_path: Path,
) -> None:
    db = tmp_path / "planner.json"
    db.write_bytes((Path(__file__).parent / "fixtures" / "schema-1.json").read_bytes())
    store = Store.open(db)
    assert not store.calendars and store.settings.database_id == ""
    with store.transaction() as tx:
        tx.put_calendar(work_calendar(tx.new_calendar_id()))
    root = json.loads(db.read_text())
    assert root["meta"]["1"]["schema"] == 2 and "1" in root["calendars"]
    assert Store.open(db).calendars[1] == work_calendar(1)
