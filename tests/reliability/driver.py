"""A writer that loops over realistic changes to one database, acknowledging each commit.

    python -m tests.reliability.driver DB --after N [--until M]

The database must hold the state reached after step N (0: empty). The driver performs steps
N+1, N+2, ... and after each one is committed writes `ack K` on stdout. Every step is exactly
one commit (or none), and what it does depends only on its number and on the database's
content, so replaying the steps in another folder (`Driver.advance`) reaches the same states:
that is how the kill test knows what "the last acknowledged state" is.

Steps go through the command line in this process (`planner.cli.run`, the same code as the
`planner` command), including `plan` and `done`, and through the store for changes no single
command makes (a touch placed by hand at a given slot, an old touch dropped).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import TypeVar

from planner.cli import run
from planner.domain import Channel, Purpose, TouchStatus, Week
from planner.domain.model import Touch
from planner.store import Store, Transaction

TODAY = date(2026, 11, 23)
#: Redirecting stdout swaps a process-wide object: one thread at a time.
_OUTPUT = threading.Lock()
_T = TypeVar("_T")
_R = TypeVar("_R")

Argv = list[str] | None
Change = Callable[[Store, Transaction, int], None]


@dataclass(frozen=True)
class Step:
    """One change: a command line (`cli`, None to skip this time) or a store transaction."""

    name: str
    cli: Callable[[Store, int], Argv] | None = None
    change: Change | None = None


def first(items: Iterable[_T], then: Callable[[_T], _R]) -> _R | None:
    for item in items:
        return then(item)
    return None


def live_contacts(store: Store) -> list[int]:
    return sorted(ident for ident, contact in store.contacts.items() if not contact.archived)


def pick(ids: list[int], n: int) -> int | None:
    return ids[(n * 7) % len(ids)] if ids else None


def latest_block_week(store: Store) -> str:
    """The week of the newest one-off block (so the plan has somewhere to put touches)."""
    dates = [block.date for block in store.blocks.values() if block.date is not None]
    return str(Week.of(max(dates, default=TODAY)))


def planned(store: Store) -> list[Touch]:
    found = (touch for touch in store.all_touches() if touch.status is TouchStatus.PLANNED)
    return sorted(found, key=lambda touch: touch.id)


def contact_arg(store: Store, n: int, then: Callable[[str], list[str]]) -> Argv:
    ident = pick(live_contacts(store), n)
    return None if ident is None else then(str(ident))


def plan_touch(store: Store, tx: Transaction, n: int) -> None:
    contact = pick(live_contacts(store), n)
    if contact is None:
        return
    day = TODAY + timedelta(days=n % 45)
    tx.put_touch(
        Touch(
            id=tx.new_touch_id(),
            contact_id=contact,
            purpose=(Purpose.PROSPECTING, Purpose.NETWORKING, Purpose.VALUE)[n % 3],
            channel=Channel.CALL,
            date=day,
            start=time(9 + n % 8, 0),
            end=time(9 + n % 8, 15),
            reason=f"Step {n}: due ⏰ [bold]not markup[/]",
        )
    )


def check_off(store: Store, tx: Transaction, n: int) -> None:
    touch = first(planned(store), lambda touch: touch)
    if touch is not None:
        tx.put_touch(touch.but(status=TouchStatus.DONE, note=f"Done at step {n} ✅ שלום"))


def move_touch(store: Store, tx: Transaction, n: int) -> None:
    """A touch moved by hand to another month: two touch parts change in one commit."""
    touches = planned(store)
    if touches:
        touch = touches[-1]
        tx.put_touch(touch.but(date=touch.date + timedelta(days=31), manual=True))


def drop_oldest_touch(store: Store, tx: Transaction, n: int) -> None:
    touch = first(sorted(store.all_touches(), key=lambda touch: touch.id), lambda t: t)
    if touch is not None and n % 2:
        tx.delete_touch(touch.id)


STEPS: list[Step] = [
    Step(
        "contacts add",
        cli=lambda store, n: [
            "contacts",
            "add",
            "--name",
            f"Person {n} 🌍",
            "--tier",
            "ABC"[n % 3],
            "--relationship",
            ("customer", "prospect", "connector", "peer")[n % 4],
            "--notes",
            f"Met at step {n}. مرحبا [bold]",
        ],
    ),
    Step("plan a touch", change=plan_touch),
    Step(
        "log",
        cli=lambda store, n: contact_arg(
            store,
            n,
            lambda ident: (
                ["log", ident, "--channel", "coffee", "--purpose", "networking"]
                + ["--date", str(TODAY - timedelta(days=n % 70)), "--note", f"Step {n}"]
            ),
        ),
    ),
    Step("check a touch off", change=check_off),
    Step(
        "contacts edit",
        cli=lambda store, n: contact_arg(
            store, n, lambda ident: ["contacts", "edit", ident, "--company", f"Firm {n}"]
        ),
    ),
    Step("move a touch", change=move_touch),
    Step(
        "blocks add",
        cli=lambda store, n: (
            ["blocks", "add", "--kind", ("prospecting", "networking")[n // len(STEPS) % 2]]
            + ["--date", str(TODAY + timedelta(days=n)), "--start", "07:00", "--end", "08:00"]
        ),
    ),
    Step(
        "contacts archive",
        cli=lambda store, n: (
            contact_arg(store, n, lambda ident: ["contacts", "archive", ident])
            if n // len(STEPS) % 3 == 0
            else None
        ),
    ),
    Step("drop a touch", change=drop_oldest_touch),
    Step("plan", cli=lambda store, n: ["plan", "--week", latest_block_week(store)]),
    Step("done", cli=lambda store, n: first(planned(store), lambda t: ["done", str(t.id)])),
    Step(
        "goals add",
        cli=lambda store, n: ["goals", "add", "--metric", "touches_done", "--target", str(n)],
    ),
    Step(
        "contacts remove",
        cli=lambda store, n: (
            first(sorted(store.contacts), lambda ident: ["contacts", "remove", str(ident)])
            if len(store.contacts) > 8
            else None
        ),
    ),
]


class Driver:
    """Performs the steps on one database, in this process."""

    def __init__(self, db: Path, after: int = 0) -> None:
        self.db = db
        self.done = after
        self.store = Store.open(db, clock=self._clock)

    def _clock(self) -> datetime:
        # A new day for every step, so that steps through the store also write backups.
        return datetime.combine(TODAY, time(8)) + timedelta(days=self.done)

    def step(self) -> None:
        n = self.done + 1
        step = STEPS[n % len(STEPS)]
        self.store.refresh()
        if step.cli is not None:
            argv = step.cli(self.store, n)
            if argv is not None:
                sink = io.StringIO()
                with _OUTPUT, contextlib.redirect_stdout(sink), contextlib.redirect_stderr(sink):
                    code = run(["--db", str(self.db), "--today", TODAY.isoformat(), *argv])
                if code != 0:
                    raise RuntimeError(f"step {n} ({step.name}) {argv} failed: {sink.getvalue()}")
        else:
            assert step.change is not None
            with self.store.transaction() as tx:
                step.change(self.store, tx, n)
        self.done = n

    def advance(self, to: int) -> None:
        while self.done < to:
            self.step()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db", type=Path)
    parser.add_argument("--after", type=int, default=0)
    parser.add_argument("--until", type=int, default=10**9)
    args = parser.parse_args()
    driver = Driver(args.db, args.after)
    os.write(1, b"ready\n")
    while driver.done < args.until:
        driver.step()
        os.write(1, f"ack {driver.done}\n".encode())
    sys.exit(0)


if __name__ == "__main__":
    main()
