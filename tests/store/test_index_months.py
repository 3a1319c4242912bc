"""The history index knows which months hold each contact's touches: one contact's history
reads those months only, and stays right through every change and an index saved without them."""

from __future__ import annotations

import json
from datetime import date

from planner.domain import TouchStatus
from planner.store import Store
from planner.store.doctor import check_database
from tests.store.conftest import add_contact, add_touch

DAYS = [date(2025, month, 10) for month in range(1, 13)]


def _network(store: Store) -> tuple[int, int, list[int]]:
    """Ana touched in March and October, Ben in every month of 2025."""
    ana, ben = add_contact(store, "Ana"), add_contact(store, "Ben")
    touches = [add_touch(store, ana, DAYS[2]), add_touch(store, ana, DAYS[9])]
    for day in DAYS:
        add_touch(store, ben, day, status=TouchStatus.DONE)
    return ana, ben, touches


def _touch_parts_read(store: Store) -> set[str]:
    """The months read so far, whole or in summary."""
    contents = store._contents
    return {key for key in contents.loaded if key.startswith("touches")} | set(contents.scans)


def test_a_contacts_history_reads_only_the_months_that_hold_it(store, db_path):
    ana, ben, touches = _network(store)
    fresh = Store.open(db_path)
    assert [touch.id for touch in fresh.touches_of(ana)] == touches
    assert _touch_parts_read(fresh) == {"touches-2025-03", "touches-2025-10"}
    assert len(Store.open(db_path).touches_of(ben)) == 12


def test_moving_and_removing_touches_keeps_the_months_exact(store, db_path):
    ana, ben, touches = _network(store)
    with store.transaction() as tx:
        tx.put_touch(store.touch(touches[0]).but(date=date(2025, 7, 1)))
        tx.delete_touch(touches[1])
    fresh = Store.open(db_path)
    assert [touch.date for touch in fresh.touches_of(ana)] == [date(2025, 7, 1)]
    assert _touch_parts_read(fresh) == {"touches-2025-07"}
    Store.open(db_path).touches_of(ben)  # Ben's months are untouched by Ana's changes
    assert check_database(db_path).healthy


def test_an_index_saved_without_months_still_finds_every_touch(store, db_path):
    ana, ben, touches = _network(store)
    parts = db_path.parent / "planner.parts"
    for path in parts.iterdir():
        if path.name.startswith(("index.", "history-")):
            data = json.loads(path.read_bytes())
            # As an older version saved it: done touches only, no months.
            history = data.get("history", {})
            for key, doc in list(history.items()):
                doc.pop("m", None)
                if not doc["n"]:
                    del history[key]
            data.get("index", {}).get("1", {}).pop("months", None)
            # The same size as written, so that the store takes it as saved by an older version
            # rather than as damaged (which would count the whole index again).
            raw = json.dumps(data, separators=(",", ":")).encode()
            path.write_bytes(raw + b" " * (path.stat().st_size - len(raw)))
    older = Store.open(db_path)
    assert older._contents.ensure_index().months is None
    assert [touch.id for touch in older.touches_of(ana)] == touches
    assert len(older.touches_of(ben)) == 12
    assert check_database(db_path).healthy, check_database(db_path).problems


def test_a_hand_edited_month_is_counted_again(store, db_path):
    ana, _, touches = _network(store)
    parts = db_path.parent / "planner.parts"
    for path in parts.iterdir():
        if path.name.startswith("history-"):
            raw = path.read_bytes()
            # March 2025 (month number 24302) made a month no one can enter a date in.
            path.write_bytes(raw.replace(b"24302", b"99999"))
    again = Store.open(db_path)
    assert [touch.id for touch in again.touches_of(ana)] == touches
