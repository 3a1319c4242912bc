from __future__ import annotations

import errno
import os
import subprocess
import sys
import textwrap
from datetime import date, datetime, time
from pathlib import Path

import pytest

from planner.domain import (
    BlockKind,
    Channel,
    Goal,
    GoalMetric,
    NotFoundError,
    Purpose,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Weekday,
)
from planner.store import (
    CURRENT_SCHEMA,
    DamagedDatabase,
    LockTimeout,
    ReadOnlyDatabase,
    Store,
    WriteFailed,
)
from planner.store import files as store_files
from tests.store.conftest import Clock, add_contact, add_touch, snapshot

#: The schema as this planner writes it into the root.
SCHEMA = f'"schema":{CURRENT_SCHEMA}'.encode()


def test_a_missing_file_is_an_empty_database_and_nothing_is_written_by_reading(db_path):
    store = Store.open(db_path)
    assert store.is_empty and not store.exists
    assert not db_path.parent.exists()


def test_everything_round_trips_through_the_files(store, db_path):
    ana = add_contact(
        store,
        "Ana Müller",
        emails=["ana@northwind.example"],
        tier="A",
        tags=["golf"],
        notes="Line one\nLine two [bold]not markup[/]",
    )
    ben = add_contact(store, "Ben Okafor", referred_by=ana, cadence_days="21")
    first = add_touch(store, ana, date(2026, 11, 24), note="Asked about Q1")
    with store.transaction() as tx:
        tx.put_block(
            TimeBlock(
                tx.new_block_id(),
                BlockKind.PROSPECTING,
                time(9),
                time(11),
                day=Weekday.MON,
                label="Calls",
            )
        )
        tx.put_goal(Goal(tx.new_goal_id(), GoalMetric.TOUCHES_DONE, 10, Tier.A))
        tx.set_settings(Settings(referral_interval_days=60))

    again = Store.open(db_path)
    assert again.contacts == store.contacts
    assert again.contact(ben).referred_by == ana and again.contact(ben).cadence_days == 21
    assert again.touch(first) == store.touch(first)
    assert again.blocks == store.blocks and again.goals == store.goals
    assert again.settings.referral_interval_days == 60
    assert "[bold]not markup[/]" in again.contact(ana).notes


def test_a_contact_to_sort_and_a_customer_date_are_kept(store, db_path):
    new = add_contact(store, "Cem Yilmaz")
    won = add_contact(store, "Dana", relationship="customer")
    with store.transaction() as tx:
        tx.put_contact(store.contact(new).but(to_sort=True))
        tx.put_contact(store.contact(won).but(customer_since=date(2026, 11, 20)))
    again = Store.open(db_path)
    assert again.contact(new).to_sort is True and again.contact(new).customer_since is None
    assert again.contact(won).to_sort is False
    assert again.contact(won).customer_since == date(2026, 11, 20)
    raw = next((db_path.parent / "planner.parts").glob("contacts-*")).read_text()
    assert '"customer_since":"2026-11-20"' in raw and '"to_sort":true' in raw


def test_a_customer_date_that_is_not_a_date_is_named(store, db_path):
    add_contact(store, "Ana Müller")
    part = next((db_path.parent / "planner.parts").glob("contacts-*"))
    part.write_text(
        part.read_text().replace('"relationship":', '"customer_since":"someday","relationship":')
    )
    with pytest.raises(DamagedDatabase, match="customer_since|someday"):
        list(Store.open(db_path).contacts)


def test_ids_are_never_reused_after_a_delete(store, db_path):
    first = add_contact(store, "Ana")
    with store.transaction() as tx:
        tx.delete_contact(first)
    assert add_contact(Store.open(db_path), "Ben") == first + 1


def test_touches_are_kept_by_month_and_a_check_off_rewrites_only_its_month(store, db_path):
    ana = add_contact(store)
    old = add_touch(store, ana, date(2025, 3, 3))
    new = add_touch(store, ana, date(2026, 11, 24))
    parts = db_path.parent / "planner.parts"
    before = {path.name for path in parts.iterdir()}
    assert any(name.startswith("touches-2025-03.") for name in before)
    assert any(name.startswith("touches-2026-11.") for name in before)

    with store.transaction() as tx:
        tx.put_touch(store.touch(new).but(status=TouchStatus.DONE))

    after = {path.name for path in parts.iterdir()}
    assert [n for n in before if n.startswith("touches-2025-03")] == [
        n for n in after if n.startswith("touches-2025-03")
    ], "the 2025 history was rewritten for a check-off in 2026"
    assert Store.open(db_path).touch(new).status is TouchStatus.DONE
    assert Store.open(db_path).touch(old).date == date(2025, 3, 3)


def test_unknown_ids_are_reported_in_words(store):
    with pytest.raises(NotFoundError, match="no contact with id 42"):
        store.contact(42)


@pytest.mark.parametrize("failing", ["fsync", "replace", "write"])
def test_a_failing_write_leaves_the_file_and_memory_as_they_were(
    store, db_path, monkeypatch, failing
):
    ana = add_contact(store, "Ana")
    before = snapshot(db_path.parent)

    def boom(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if failing == "fsync":
        monkeypatch.setattr(store_files.os, "fsync", boom)
    elif failing == "replace":
        monkeypatch.setattr(store_files.os, "replace", boom)
    else:
        real_fdopen = os.fdopen

        class FailingFile:
            def __init__(self, handle):
                self.handle = handle

            def __enter__(self):
                return self

            def __exit__(self, *exc):
                self.handle.close()

            def write(self, data):
                self.handle.write(bytes(data[:10]))
                boom()

        monkeypatch.setattr(
            store_files.os, "fdopen", lambda *a, **k: FailingFile(real_fdopen(*a, **k))
        )

    with pytest.raises(WriteFailed, match="No space left on device") as caught:
        with store.transaction() as tx:
            tx.put_contact(store.contact(ana).but(name="Ana Changed"))
            tx.put_contact(store.contact(ana).but(id=tx.new_contact_id(), name="New"))
    assert str(db_path) in caught.value.message
    monkeypatch.undo()
    assert snapshot(db_path.parent) == before, "a failed write changed a file or left a temp file"
    assert store.contact(ana).name == "Ana" and len(store.contacts) == 1
    assert add_contact(store, "Ben") == ana + 1, "the failed write used up an id"


def test_an_error_inside_a_transaction_saves_nothing(store, db_path):
    ana = add_contact(store, "Ana")
    before = snapshot(db_path.parent)
    with pytest.raises(RuntimeError):
        with store.transaction() as tx:
            tx.put_contact(store.contact(ana).but(name="Changed"))
            raise RuntimeError("half way")
    assert store.contact(ana).name == "Ana"
    assert snapshot(db_path.parent) == before


def test_another_process_holding_the_lock_keeps_writers_out(db_path):
    store = Store.open(db_path, lock_timeout=0.5)
    add_contact(store, "Ana")
    before = snapshot(db_path.parent)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(f"""
            import sys, time, filelock
            lock = filelock.FileLock({str(db_path) + ".lock"!r})
            lock.acquire()
            print("held", flush=True)
            time.sleep(30)
        """),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        with pytest.raises(LockTimeout) as caught:
            add_contact(store, "Ben")
        assert str(db_path) in caught.value.message and "another planner" in caught.value.message
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(db_path.parent) == before
    assert len(store.contacts) == 1
    add_contact(store, "Ben")  # free again


def test_a_second_instance_sees_the_first_ones_changes_before_writing(db_path, clock):
    one = Store.open(db_path, clock=clock)
    two = Store.open(db_path, clock=clock)
    ana = add_contact(one, "Ana")
    ben = add_contact(two, "Ben")
    assert ben != ana, "two instances handed out the same id"
    assert {c.name for c in Store.open(db_path).contacts.values()} == {"Ana", "Ben"}
    assert two.refresh() is False
    assert one.refresh() is True and set(one.contacts) == {ana, ben}


@pytest.mark.parametrize(
    "content, detail",
    [
        (b'{"meta": {"1": {"schema": 1', "unexpected end"),
        (b"", ""),
        (b"\x00\x00\x00", ""),
        (b"[1, 2, 3]", "top level is a list"),
        (b'{"contacts": [1]}', "table 'contacts' is a list"),
        (b'{"contacts": {"1": {"name": NaN}}}', ""),
        (b'{"meta": {"1": {"schema": 1}}, "contacts": {"1": {"name": 5}}}', "contacts document 1"),
    ],
)
def test_a_damaged_file_is_reported_and_never_touched(db_path, clock, content, detail):
    store = Store.open(db_path, clock=clock)
    add_contact(store, "Ana")
    add_contact(store, "Ben")  # a backup exists now
    db_path.write_bytes(content)
    before = snapshot(db_path.parent)
    with pytest.raises(DamagedDatabase) as caught:
        Store.open(db_path)
    message = caught.value.message
    assert str(db_path) in message and "left exactly as it is" in message
    assert detail.lower() in message.lower()
    assert "backups/planner-20261123-090000.json" in message
    with pytest.raises(DamagedDatabase):
        add_contact(store, "Cem")  # the open instance re-reads and refuses too
    assert snapshot(db_path.parent) == before


def test_a_missing_part_is_damage_not_an_empty_network(store, db_path):
    add_contact(store, "Ana")
    part = next((db_path.parent / "planner.parts").glob("contacts-*"))
    part.unlink()
    with pytest.raises(DamagedDatabase, match="is missing"):
        Store.open(db_path)


def test_a_file_from_a_newer_planner_opens_read_only_and_is_never_rewritten(store, db_path):
    add_contact(store, "Ana")
    raw = db_path.read_bytes().replace(SCHEMA, b'"schema":99')
    db_path.write_bytes(raw)
    newer = Store.open(db_path)
    assert newer.read_only_reason is not None and "newer planner" in newer.read_only_reason
    assert [c.name for c in newer.contacts.values()] == ["Ana"]
    before = snapshot(db_path.parent)
    with pytest.raises(ReadOnlyDatabase, match="read-only"):
        add_contact(newer, "Ben")
    assert snapshot(db_path.parent) == before


def test_an_unversioned_tinydb_file_is_migrated_after_a_backup(db_path, clock):
    fixture = Path(__file__).parent / "fixtures" / "schema-0.json"
    db_path.parent.mkdir(parents=True)
    db_path.write_bytes(fixture.read_bytes())
    store = Store.open(db_path, clock=clock)
    assert store.contact(2).referred_by == 1
    assert store.history(1).last_done == date(2026, 10, 12)
    assert db_path.read_bytes() == fixture.read_bytes(), "reading alone must not migrate the file"

    add_contact(store, "Cem")
    backups = store.backups()
    assert len(backups) == 1 and backups[0].read_bytes() != b""
    old = Store.open(backups[0], read_only=True)
    assert {c.name for c in old.contacts.values()} == {"Ana Müller", "Ben Okafor"}
    migrated = Store.open(db_path)
    assert SCHEMA in db_path.read_bytes()
    assert {c.name for c in migrated.contacts.values()} == {"Ana Müller", "Ben Okafor", "Cem"}
    assert len(migrated.blocks) == 1 and len(migrated.goals) == 1


def test_one_backup_before_the_first_write_of_each_day_and_ten_kept(db_path):
    clock = Clock(datetime(2026, 11, 1, 8, 0))
    store = Store.open(db_path, clock=clock)
    add_contact(store, "Ana")
    assert store.backups() == [], "the very first write has nothing to back up"
    add_contact(store, "Ben")
    add_contact(store, "Cem")
    assert len(store.backups()) == 1
    backup = Store.open(store.backups()[0], read_only=True)
    assert [c.name for c in backup.contacts.values()] == ["Ana"]
    for day in range(2, 15):
        clock.moment = datetime(2026, 11, day, 8, 0)
        add_contact(store, f"Person {day}")
    names = [path.name for path in store.backups()]
    assert len(names) == 10
    assert (
        names[0] == "planner-20261114-080000.json" and names[-1] == "planner-20261105-080000.json"
    )


def test_leftovers_of_a_crashed_writer_are_removed_at_the_next_start(store, db_path):
    add_contact(store, "Ana")
    parts = db_path.parent / "planner.parts"
    orphan = parts / "contacts-0000.99.json"
    orphan.write_bytes(b"{}")
    temp = db_path.parent / f"{store_files.TEMP_PREFIX}abc{store_files.TEMP_SUFFIX}"
    temp.write_bytes(b"half")
    Store.open(db_path)
    assert not orphan.exists() and not temp.exists()
    assert [c.name for c in Store.open(db_path).contacts.values()] == ["Ana"]


def test_the_database_is_utf8_json_that_other_tools_can_read(store, db_path):
    add_contact(store, "Zofia Kowalska 🌍 שלום")
    part = next((db_path.parent / "planner.parts").glob("contacts-*"))
    text = part.read_bytes().decode("utf-8")
    assert "Zofia Kowalska 🌍 שלום" in text
    assert not os.path.exists(str(db_path) + ".tmp")


def _sources(store: Store) -> tuple[object, ...]:
    before = date(2026, 11, 23)
    return (
        store.histories(),
        [t.id for t in store.carry_sources(before)],
        [t.id for t in store.follow_up_sources()],
        {t.id: [c.id for c in store.copies_of(t.id)] for t in store.carry_sources(before)},
    )


def test_history_read_from_part_summaries_equals_history_from_the_touches(store, db_path):
    ana, ben = add_contact(store, "Ana"), add_contact(store, "Ben")
    with store.transaction() as tx:
        for day, status, purpose, follow in (
            (date(2026, 9, 1), TouchStatus.DONE, Purpose.REFERRAL_ASK, False),
            (date(2026, 10, 5), TouchStatus.DONE, Purpose.NETWORKING, True),
            (date(2026, 10, 20), TouchStatus.MISSED, Purpose.NETWORKING, False),
            (date(2026, 11, 10), TouchStatus.PLANNED, Purpose.VALUE, False),
            (date(2026, 11, 12), TouchStatus.SKIPPED, Purpose.VALUE, False),
        ):
            for who in (ana, ben):
                tx.put_touch(
                    Touch(
                        tx.new_touch_id(),
                        who,
                        purpose,
                        Channel.CALL,
                        day,
                        status=status,
                        follow_up=follow,
                    )
                )
    summarised = Store.open(db_path)
    built = Store.open(db_path)
    list(built.all_touches())  # every touch built: the summaries are not used
    assert _sources(summarised) == _sources(built)
    assert summarised.history(ana).last_referral_ask == date(2026, 9, 1)
    assert summarised.history(ben).done_count == 2


def test_done_days_in_a_window_count_its_first_and_last_day_and_nothing_else(store, db_path):
    ana, ben = add_contact(store, "Ana"), add_contact(store, "Ben")
    days = [date(2026, 8, 31), date(2026, 9, 1), date(2026, 10, 15), date(2026, 11, 3)]
    for day in days:
        add_touch(store, ana, day, status=TouchStatus.DONE)
    add_touch(store, ben, date(2026, 10, 15), status=TouchStatus.SKIPPED)
    add_touch(store, ben, date(2026, 11, 4), status=TouchStatus.DONE)
    expected = {ana: days[1:], ben: [date(2026, 11, 4)]}
    unread = Store.open(db_path)  # answered from the months' files, touches not built
    built = Store.open(db_path)
    list(built.all_touches())
    for each in (unread, built, store):
        found = each.done_days_between(date(2026, 9, 1), date(2026, 11, 4))
        assert {who: sorted(days) for who, days in found.items()} == expected


def _history_files(db_path):
    return sorted(
        path
        for path in (db_path.parent / "planner.parts").iterdir()
        if path.name.startswith(("index.", "history-"))
    )


def test_a_check_off_rewrites_only_a_small_slice_of_the_history_index(store, db_path):
    people = [add_contact(store, f"Person {n}") for n in range(250)]
    touches = [add_touch(store, who, date(2026, 11, 2)) for who in people]
    with store.transaction() as tx:
        for touch in touches:
            tx.put_touch(store.touch(touch).but(status=TouchStatus.DONE))
    before = {path.name for path in _history_files(db_path)}
    with store.transaction() as tx:
        tx.put_touch(store.touch(touches[0]).but(note="called back"))
        tx.put_touch(store.touch(touches[-1]).but(status=TouchStatus.PLANNED))
    after = {path.name for path in _history_files(db_path)}
    rewritten = {name.split(".")[0] for name in after - before}
    assert rewritten == {"index", "history-00002"}, "only the changed contact's slice is saved"
    assert Store.open(db_path).history(people[-1]).done_count == 0


def test_a_lost_or_edited_index_is_counted_again_from_the_touches(store, db_path):
    ana = add_contact(store, "Ana")
    touch = add_touch(store, ana, date(2026, 10, 5))
    with store.transaction() as tx:
        tx.put_touch(store.touch(touch).but(status=TouchStatus.DONE))
    for path in _history_files(db_path):
        if path.name.startswith("history-"):
            path.write_bytes(path.read_bytes().replace(b"2026-10-05", b"2020-01-01") + b" ")
    assert Store.open(db_path).history(ana).last_done == date(2026, 10, 5)
    for path in _history_files(db_path):
        path.unlink()
    again = Store.open(db_path)
    assert again.history(ana).last_done == date(2026, 10, 5)
    add_contact(again, "Ben")  # the next save writes the index anew
    assert _history_files(db_path) and Store.open(db_path).history(ana).done_count == 1
