"""`Store`: the database as one object, read freely, changed only inside a transaction.

The store is a facade; each of its jobs lives in a module of its own:

    layout.py       where the files are and what the parts are called
    contents.py     what is in memory, and reading a part the first time it is needed
    reading.py      the questions: a contact, a week, a history, what is still open
    scans.py        month summaries made without building touches
    index.py        the history index kept exact and saved with every change
    loading.py      reading the root, checking the parts, migrating older files
    transaction.py  the changes of one transaction, each undone if the whole fails
    commit.py       the lock, and the order and fsyncs of a save
    backups.py      a whole copy before the first change of each day
    tidy.py         removing what a crashed save left behind
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from types import MappingProxyType
from typing import Any

from planner.domain.calendars import Calendar
from planner.domain.errors import NotFoundError
from planner.domain.model import (
    Contact,
    ContactHistory,
    Goal,
    Settings,
    TimeBlock,
    Touch,
    TouchRow,
)
from planner.domain.weeks import Week
from planner.store import reading
from planner.store.commit import LOCK_TIMEOUT, Writer
from planner.store.contents import Contents
from planner.store.layout import DatabasePaths, signature
from planner.store.loading import load
from planner.store.tidy import tidy
from planner.store.transaction import Transaction


class Store:
    """The planner's data, in memory, backed by the database files.

    Read freely; change only inside `with store.transaction() as tx:`, which takes the lock,
    re-reads whatever another process saved meanwhile, and commits atomically at the end (or
    leaves disk and memory as they were if anything fails).

    Parts are read when first needed: the week screen reads this month's touches, not five
    years of them. Questions about the whole history (who is due, who went cold) are answered
    from a summary of each touch part, made without building every touch.
    """

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool | str = False,
        lock_timeout: float = LOCK_TIMEOUT,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.paths = DatabasePaths.of(path)
        self.lock_timeout = lock_timeout
        self._contents = Contents(self.paths)
        # A text says why (shown in the refusal), e.g. "another planner has it open".
        forced = (
            (read_only if isinstance(read_only, str) else "it was opened read-only")
            if read_only
            else None
        )
        self._writer = Writer(
            self._contents, lock_timeout=lock_timeout, clock=clock, forced_read_only=forced
        )

    @classmethod
    def open(cls, path: Path | str, **options: Any) -> Store:
        """Open the database at `path` (a missing file is an empty database). The root is read
        and every part is checked to be there, whole; the parts themselves are read on use."""
        store = cls(path, **options)
        store.load()
        store.tidy()
        return store

    @property
    def path(self) -> Path:
        return self.paths.root

    @property
    def read_only_reason(self) -> str | None:
        """Why changes are refused, or None when they are allowed."""
        return self._writer.read_only_reason

    @property
    def newer_reason(self) -> str | None:
        """Why the file may not be changed because a newer planner wrote it, else None."""
        return self._contents.newer_reason

    @property
    def schema(self) -> int | None:
        """The schema version the file was written in, as read (None before it exists)."""
        return self._contents.schema

    @property
    def exists(self) -> bool:
        """True once the database has been written at least once."""
        return self._contents.signature is not None

    # ----------------------------------------------------------------------------- reading

    @property
    def settings(self) -> Settings:
        return self._contents.settings

    @property
    def contacts(self) -> Mapping[int, Contact]:
        self._contents.load_all_contacts()
        return MappingProxyType(self._contents.contacts)

    @property
    def blocks(self) -> Mapping[int, TimeBlock]:
        return MappingProxyType(self._contents.blocks)

    @property
    def goals(self) -> Mapping[int, Goal]:
        return MappingProxyType(self._contents.goals)

    @property
    def calendars(self) -> Mapping[int, Calendar]:
        """The user's calendars by id (settings, never a password; what was published)."""
        return MappingProxyType(self._contents.calendars)

    def next_id(self, table: str) -> int:
        """The id the next new row of `table` will get."""
        return self._contents.next_id[table]

    @property
    def next_ids(self) -> Mapping[str, int]:
        """The id the next new row of each table will get."""
        return MappingProxyType(self._contents.next_id)

    @property
    def touch_count(self) -> int:
        return reading.touch_count(self._contents)

    @property
    def is_empty(self) -> bool:
        return self._contents.is_empty

    def contact(self, contact_id: int) -> Contact:
        return reading.contact(self._contents, contact_id)

    def find_contact(self, contact_id: int) -> Contact | None:
        """The contact, or None if there is none with that id (reads only its own part)."""
        try:
            return self.contact(contact_id)
        except NotFoundError:
            return None

    def touch(self, touch_id: int) -> Touch:
        return reading.touch(self._contents, touch_id)

    def block(self, block_id: int) -> TimeBlock:
        try:
            return self._contents.blocks[block_id]
        except KeyError:
            raise NotFoundError("time block", block_id) from None

    def goal(self, goal_id: int) -> Goal:
        try:
            return self._contents.goals[goal_id]
        except KeyError:
            raise NotFoundError("goal", goal_id) from None

    def touches_between(self, first: date, last: date) -> list[Touch]:
        """Touches dated `first` to `last` inclusive, in agenda order."""
        return reading.touches_between(self._contents, first, last)

    def week_touches(self, week: Week) -> list[Touch]:
        return reading.touches_between(self._contents, week.monday, week.sunday)

    def done_days_between(
        self, first: date, last: date, contact_ids: Iterable[int] | None = None
    ) -> dict[int, list[date]]:
        """The days of each contact's done touches from `first` to `last` inclusive (the
        lists are shared with the next answer: read them, do not change them); of
        `contact_ids` only, when given."""
        return reading.done_days_between(self._contents, first, last, contact_ids)

    def touches_of(self, contact_id: int) -> list[Touch]:
        """Every touch with one contact, oldest first."""
        return reading.touches_of(self._contents, contact_id)

    def all_touches(self) -> Iterable[Touch]:
        return self._contents.all_touches()

    def touch_rows(self) -> list[TouchRow]:
        """The row of every touch, in no particular order: what a table of every touch shows,
        far quicker than building each touch with `all_touches`."""
        return reading.touch_rows(self._contents)

    def change_mark(self) -> tuple[object, int]:
        """Where the changes stand now, for `contacts_changed_since`."""
        contents = self._contents
        return (contents.changes_epoch, len(contents.changes))

    def contacts_changed_since(self, mark: tuple[object, int]) -> set[int] | None:
        """The contacts changed since `mark` (their fields, or touches with them); None when
        the database was read again since (anything may have changed)."""
        contents = self._contents
        epoch, seen = mark
        if epoch is not contents.changes_epoch or seen > len(contents.changes):
            return None
        return set(contents.changes[seen:])

    def history(self, contact_id: int) -> ContactHistory:
        """Last done touch, last done referral ask and count of done touches of a contact."""
        return reading.history(self._contents, contact_id)

    def histories(self, contact_ids: Iterable[int] | None = None) -> dict[int, ContactHistory]:
        """The history of each of `contact_ids` (of every contact when not given)."""
        return reading.histories(
            self._contents, self.contacts if contact_ids is None else contact_ids
        )

    def carry_sources(self, before: date) -> list[Touch]:
        """Unresolved touches dated before `before`, offered again, never dropped."""
        return reading.carry_sources(self._contents, before)

    def planned_from(self, first: date) -> list[Touch]:
        """Planned touches dated on or after `first`."""
        return reading.planned_from(self._contents, first)

    def follow_up_sources(self) -> list[Touch]:
        """Done touches marked for follow-up that have no follow-up touch yet."""
        return reading.follow_up_sources(self._contents)

    def copies_of(self, touch_id: int) -> list[Touch]:
        """Touches carried over from, or following up on, `touch_id`."""
        return reading.copies_of(self._contents, touch_id)

    def first_touch_month(self) -> date | None:
        """The first day of the earliest month with touches (None without any); reads no part."""
        return reading.first_touch_month(self._contents)

    def referred_by(self, contact_id: int) -> list[Contact]:
        """The contacts `contact_id` introduced (reads every contact part, builds only those)."""
        return reading.referred_by(self._contents, contact_id)

    def contacts_added_between(self, first: date, last: date) -> int:
        """How many contacts were added from `first` to `last`."""
        return reading.contacts_added_between(self._contents, first, last)

    def load_some(self, budget: float = 0.02, *, since: date | None = None) -> bool:
        """Read parts not read yet for about `budget` seconds; False once everything is in.

        An app calls this while it is idle, so that screens about the whole network open at
        once later without a start-up that waits for all of it."""
        return reading.load_some(self._contents, budget, since)

    @property
    def contacts_read(self) -> bool:
        """True when asking about every contact costs next to nothing."""
        return reading.contacts_read(self._contents)

    # ----------------------------------------------------------------------------- writing

    def lock_free(self) -> bool:
        """True unless another planner holds the write lock right now."""
        return self._writer.lock_free()

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, refresh, change, commit. On any error nothing is saved and memory is restored."""
        with self._writer.transaction() as transaction:
            yield transaction

    def refresh(self) -> bool:
        """Re-read the database if another process saved it; True when something changed."""
        if signature(self.path) == self._contents.signature:
            return False
        self.load()
        return True

    def load(self) -> None:
        """(Re-)read the root from disk; parts read before are read again only if changed."""
        load(self._contents)

    # ----------------------------------------------------------------------------- files

    def backups(self) -> list[Path]:
        """Backups of this database, newest first."""
        return self.paths.list_backups()

    def tidy(self) -> list[Path]:
        """Remove what a crashed writer left behind (see `planner.store.tidy`)."""
        if self.read_only_reason or not self.paths.folder.is_dir():
            return []
        return tidy(self._contents, self._writer.lock)
