from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from planner.domain import Channel, Purpose, TouchStatus
from planner.domain.model import Touch
from planner.domain.validation import build_contact
from planner.store import Store


class Clock:
    """A settable wall clock for backups."""

    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 23, 9, 0))


@pytest.fixture
def store(db_path: Path, clock: Clock) -> Store:
    return Store.open(db_path, clock=clock)


def add_contact(store: Store, name: str = "Ana Müller", **fields) -> int:
    with store.transaction() as tx:
        contact = build_contact(
            id=tx.new_contact_id(), added=date(2026, 11, 2), name=name, **fields
        )
        tx.put_contact(contact)
    return contact.id


def add_touch(store: Store, contact_id: int, day: date, **fields) -> int:
    fields.setdefault("status", TouchStatus.PLANNED)
    with store.transaction() as tx:
        touch = Touch(
            id=tx.new_touch_id(),
            contact_id=contact_id,
            purpose=Purpose.NETWORKING,
            channel=Channel.CALL,
            date=day,
            start=time(9),
            end=time(9, 15),
            **fields,
        )
        tx.put_touch(touch)
    return touch.id


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` (except the lock), by relative path."""
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }
