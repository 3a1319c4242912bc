"""Bringing data in and out: reading a contacts file, exporting the week and the tables."""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from planner.domain.enums import Relationship
from planner.domain.errors import PlannerError
from planner.domain.validation import parse_relationship, parse_tier
from planner.domain.weeks import Week
from planner.service.blocks import blocks_in_week
from planner.store import Store
from planner.store.files import atomic_write

if TYPE_CHECKING:
    from planner.io import ImportPlan


def read_file(path: Path, what: str = "file") -> bytes:
    """The bytes of a file the user named, or a message saying why it cannot be read."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise PlannerError(f"There is no {what} {path}; check the path.") from None
    except IsADirectoryError:
        raise PlannerError(f"{path} is a folder; give the path of a file in it.") from None
    except OSError as error:
        raise PlannerError(f"Cannot read {path}: {error.strerror or error}.") from None


def import_contacts(
    store: Store,
    data: bytes,
    *,
    today: date,
    fmt: str = "auto",
    tier: object = None,
    relationship: object = Relationship.PROSPECT,
    tags: Iterable[str] = (),
    dry_run: bool = False,
) -> ImportPlan:
    """Read a contacts file and add or merge everyone in it, in one write (none with
    `dry_run`). Returns the plan, whose `report()` says what happened and what was wrong.
    Without a `tier`, new contacts are to sort (tier C until sorted, never planned before)."""
    from planner.io import plan_import, read_contacts  # the readers load only when needed

    parsed_tier = None if tier is None else parse_tier(tier)
    parsed_relationship = parse_relationship(relationship)
    parsed = read_contacts(data, fmt, today=today)

    def plan_with(next_id: int) -> ImportPlan:
        return plan_import(
            list(store.contacts.values()),
            parsed,
            tier=parsed_tier,
            relationship=parsed_relationship,
            tags=list(tags),
            next_id=next_id,
            today=today,
        )

    if dry_run:
        store.refresh()
        return plan_with(store.next_id("contacts"))
    with store.transaction() as tx:
        result = plan_with(tx.peek_id("contacts"))
        tx.reserve_ids("contacts", len(result.added))
        for contact in (*result.merged, *result.added):
            tx.put_contact(contact)
    return result


def export_week_ics(store: Store, week: Week, *, with_blocks: bool = False) -> bytes:
    """The week's touches still to do (and its blocks) as an iCalendar file."""
    from planner.io import touches_to_ics

    touches = store.week_touches(week)
    people = {
        touch.contact_id: contact
        for touch in touches
        if (contact := store.find_contact(touch.contact_id)) is not None
    }
    blocks = blocks_in_week(store, week) if with_blocks else None
    return touches_to_ics(touches, people, week=week, blocks=blocks, settings=store.settings)


def write_export(path: Path, data: bytes) -> None:
    """Write an exported file whole or not at all, with a message in words when it fails.

    A file is replaced in one step (a symbolic link is followed: the link stays, the file it
    names is replaced); what is not a file (`/dev/null`, a named pipe) is written to as it is,
    never replaced."""
    target = Path(os.path.realpath(path.expanduser()))
    try:
        if target.is_dir():
            raise PlannerError(
                f"{target} is a folder; give a file name, e.g. {target / 'week.ics'}."
            )
        if not target.parent.is_dir():
            raise PlannerError(f"The folder {target.parent} does not exist; create it first.")
        if target.exists() and not target.is_file():
            with open(target, "wb") as stream:
                stream.write(data)
            return
        atomic_write(target, data)
    except OSError as error:
        shown = str(target) if len(str(target)) <= 80 else str(target)[:79] + "…"
        raise PlannerError(f"Could not write {shown}: {error.strerror or error}.") from None


def export_csv(store: Store, what: str) -> tuple[bytes, int]:
    """`contacts` or `touches` as a CSV file, with the number of rows it holds."""
    from planner.io import contacts_to_csv, touch_rows_to_csv

    if what == "contacts":
        contacts = sorted(store.contacts.values(), key=lambda contact: contact.id)
        return contacts_to_csv(contacts), len(contacts)
    rows = store.touch_rows()  # put in order by `touch_rows_to_csv`
    return touch_rows_to_csv(rows, store.contacts), len(rows)
