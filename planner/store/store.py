"""The database: a small root file plus parts, read whole, written atomically, one writer at a time.

Layout beside the root file `planner.json`:

    planner.json            TinyDB root: meta (schema, generation, part map, next ids),
                            settings, blocks, goals
    planner.parts/          TinyDB parts: contacts in runs of 100 ids, touches by month, the
                            history index; each named `<part>.<generation>.json` and never
                            rewritten in place
    planner.json.lock       the write lock
    backups/                a whole copy of the database before the first write of each day

A commit writes the changed parts under new names, then replaces the root in one atomic step:
that rename is the moment the change exists. A crash before it leaves the old root pointing at
the old parts, which are still there; files that a crash orphaned are removed at the next start.
A check-off therefore rewrites one month of touches and the small root, never the whole history.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from types import MappingProxyType
from typing import Any, TypeVar

import filelock

from planner.domain.enums import Purpose, TouchStatus
from planner.domain.errors import NotFoundError, PlannerError
from planner.domain.model import Contact, ContactHistory, Goal, Settings, TimeBlock, Touch
from planner.domain.weeks import Week
from planner.store import converters
from planner.store.errors import (
    DamagedDatabase,
    LockTimeout,
    ReadOnlyDatabase,
    StoreError,
    WriteFailed,
)
from planner.store.files import (
    JSONDecodeError,
    JSONEncodeError,
    UndoneReplace,
    atomic_write,
    decode,
    encode,
    fsync_dir,
    remove_temp_files,
)
from planner.store.migrations import CURRENT_SCHEMA, Tables, migrate, schema_of
from planner.store.storage import FileShapeError, check_shape, read_tables, write_database

#: Contacts per part file: small parts let the week screen read the few contacts it shows
#: without reading the whole network.
CONTACTS_PER_PART = 100
#: How many month parts keep the documents they were last written with (see `_written_docs`).
WRITTEN_DOCS_KEPT = 2
BACKUPS_KEPT = 10
LOCK_TIMEOUT = 10.0

_ROOT_TABLES = ("settings", "blocks", "goals")
_PART_TABLES = ("contacts", "touches")
_CONTACT_KEY = re.compile(r"^contacts-\d{5,}$")
PART_FILE = re.compile(r"^(contacts-\d{4,}|touches-\d{4}-\d{2}|index|history-\d{5,})\.(\d+)\.json$")
#: The parts that index the touch history (see `_Index`): `index` holds the open touches,
#: follow-ups and copies; `history-NNNNN` each contact's last touches, a hundred contacts a
#: part like the contacts themselves, so that a check-off rewrites a few hundred bytes.
INDEX = "index"
HISTORY = "history"


def history_part(contact_id: int) -> str:
    return f"{HISTORY}-{contact_id // CONTACTS_PER_PART:05d}"


def _is_index(key: str) -> bool:
    return key == INDEX or key.startswith(HISTORY)


_LIVE = frozenset({TouchStatus.PLANNED, TouchStatus.MISSED})
_NEVER_TOUCHED = ContactHistory()
_T = TypeVar("_T")


def contact_part(contact_id: int) -> str:
    return f"contacts-{contact_id // CONTACTS_PER_PART:05d}"


def _current_layout(keys: Iterable[str]) -> bool:
    """True if every contact part is cut the way this version cuts them (an older database
    kept 1,000 contacts a part, named with four digits)."""
    return all(_CONTACT_KEY.match(key) for key in keys if key.startswith("contacts"))


def touch_part(day: date) -> str:
    return f"touches-{day.year:04d}-{day.month:02d}"


@dataclass(frozen=True, slots=True)
class DatabasePaths:
    """Where the root file's companions live: all beside it, in the same folder."""

    root: Path

    @property
    def folder(self) -> Path:
        return self.root.parent

    @property
    def parts(self) -> Path:
        return self.folder / f"{self.root.stem}.parts"

    @property
    def lock(self) -> Path:
        return self.folder / f"{self.root.name}.lock"

    @property
    def backups(self) -> Path:
        return self.folder / "backups"

    def backup_name(self, moment: datetime) -> str:
        return f"{self.root.stem}-{moment:%Y%m%d-%H%M%S}.json"

    def list_backups(self) -> list[Path]:
        """This database's backups, newest first (`-1`, `-2`... were taken in the same second,
        after the one without a number)."""
        pattern = re.compile(rf"^{re.escape(self.root.stem)}-(\d{{8}}-\d{{6}})(?:-(\d+))?\.json$")
        if not self.backups.is_dir():
            return []
        found = []
        for entry in self.backups.iterdir():
            match = pattern.match(entry.name)
            if match:
                found.append(((match.group(1), int(match.group(2) or 0)), entry))
        return [entry for _, entry in sorted(found, reverse=True)]

    def aside_name(self, path: Path, moment: datetime) -> Path:
        """`<name>.replaced-YYYYmmdd-HHMMSS` beside `path`, numbered if already taken."""
        stamp = f"{path.name}.replaced-{moment:%Y%m%d-%H%M%S}"
        target = path.with_name(stamp)
        counter = 1
        while target.exists():
            target = path.with_name(f"{stamp}-{counter}")
            counter += 1
        return target

    def set_aside(self, path: Path, moment: datetime) -> Path:
        """Rename `path` to its `aside_name`: kept, out of the way, never deleted."""
        target = self.aside_name(path, moment)
        os.rename(path, target)
        return target


_Signature = tuple[int, int, int, bytes]
#: How much of the root the signature reads: all of an ordinary root (a few kB even for a
#: large network); the start of a whole database in one file, whose first bytes hold the
#: generation, the next ids and the parts, which every save changes.
_SIGNED_BYTES = 1 << 20


def _signature(path: Path) -> _Signature | None:
    """Changes whenever the root is saved. Inode, size and time alone do not: where file
    times are coarse, two saves in one clock tick can leave the same size and time on an
    inode number handed out again; so the root's content is part of it."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            head = handle.read(_SIGNED_BYTES)
    except FileNotFoundError:
        return None
    digest = hashlib.blake2b(head, digest_size=16).digest()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, digest)


class _PartVanished(Exception):
    """A part disappeared while reading: another process committed meanwhile."""


@dataclass(slots=True)
class _Scan:
    """One touch part in summary, read without building its touches: enough to answer who
    was last touched when, which touches are still open, and which were carried or followed up.
    """

    ids: set[int]
    #: contact id -> (last done, last done referral ask, done count) within this part
    history: dict[int, tuple[date | None, date | None, int]]
    #: planned or missed touches: id -> (date, status)
    live: dict[int, tuple[date, TouchStatus]]
    #: done touches marked for a follow-up
    follow_ups: set[int]
    #: origin id -> ids of the touches in this part that carry it over or follow it up
    origins: dict[int, set[int]]
    #: contact id -> the days of its done touches in this part
    done: dict[int, list[date]]


@dataclass(slots=True)
class _PartFile:
    """A part as the root names it, and what its file looked like when it was read."""

    name: str
    size: int | None = None
    stat: tuple[int, int, int] | None = None


@dataclass(slots=True)
class _Index:
    """What planning asks of the whole touch history, kept exact with every change and saved
    with it, so that planning and the contacts screen never read five years of touches:
    each contact's last done touch, last done referral ask and number of done touches; the
    touches still open (planned or missed); done touches marked for a follow-up; and every
    touch that carries over or follows up another (its origin)."""

    history: dict[int, tuple[date | None, date | None, int]]
    live: dict[int, tuple[date, TouchStatus]]
    follow_ups: dict[int, date]
    copies: dict[int, tuple[int, date]]
    #: Contacts whose last dates must be counted again (a done touch of theirs went away).
    stale: set[int]
    #: origin id -> ids of its copies (derived from `copies`)
    origins: dict[int, set[int]]
    #: What changed since it was last saved: history parts, and the open part.
    dirty: set[str] = field(default_factory=set)
    open_dirty: bool = False
    #: Counted afresh: every saved index part is replaced, stale ones dropped.
    whole: bool = False

    @classmethod
    def empty(cls) -> _Index:
        return cls({}, {}, {}, {}, set(), {})

    def everything_dirty(self) -> None:
        self.dirty = {history_part(ident) for ident in self.history}
        self.open_dirty = True
        self.whole = True

    @classmethod
    def of(cls, touches: Iterable[Touch]) -> _Index:
        index = cls.empty()
        for touch in touches:
            index.add(touch)
        return index

    def add(self, touch: Touch) -> None:
        if touch.status is TouchStatus.DONE:
            last, ask, count = self.history.get(touch.contact_id, (None, None, 0))
            if last is None or touch.date > last:
                last = touch.date
            if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                ask = touch.date
            self.history[touch.contact_id] = (last, ask, count + 1)
            if touch.follow_up:
                self.follow_ups[touch.id] = touch.date
        elif touch.status in _LIVE:
            self.live[touch.id] = (touch.date, touch.status)
        if touch.origin_id is not None:
            self.copies[touch.id] = (touch.origin_id, touch.date)
            self.origins.setdefault(touch.origin_id, set()).add(touch.id)

    def remove(self, touch: Touch) -> None:
        if touch.status is TouchStatus.DONE:
            last, ask, count = self.history.get(touch.contact_id, (None, None, 1))
            self.history[touch.contact_id] = (last, ask, count - 1)
            if touch.date == last or touch.date == ask:
                self.stale.add(touch.contact_id)  # an earlier touch may be the last now
            self.follow_ups.pop(touch.id, None)
        self.live.pop(touch.id, None)
        if self.copies.pop(touch.id, None) is not None and touch.origin_id is not None:
            self.origins.get(touch.origin_id, set()).discard(touch.id)

    def replace(self, old: Touch | None, new: Touch | None) -> None:
        """One touch changed: keep the index exact, and note which saved parts changed."""
        ident = (old or new).id  # type: ignore[union-attr]
        people = {touch.contact_id for touch in (old, new) if touch is not None}
        history = {person: self.history.get(person) for person in people}
        was_stale = people & self.stale
        opened = (self.live.get(ident), self.follow_ups.get(ident), self.copies.get(ident))
        if old is not None:
            self.remove(old)
        if new is not None:
            self.add(new)
        if (
            old is not None
            and new is not None
            and old.status is new.status is TouchStatus.DONE
            and (old.contact_id, old.date) == (new.contact_id, new.date)
            and (old.purpose is Purpose.REFERRAL_ASK) == (new.purpose is Purpose.REFERRAL_ASK)
            and old.contact_id not in was_stale
        ):
            # The same done touch with a note or a pin changed: its dates count as before.
            self.stale.discard(old.contact_id)
        for person in people:
            if person in self.stale or self.history.get(person) != history[person]:
                self.dirty.add(history_part(person))
        if (self.live.get(ident), self.follow_ups.get(ident), self.copies.get(ident)) != opened:
            self.open_dirty = True

    def forget(self, contact_id: int) -> None:
        if self.history.pop(contact_id, None) is not None:
            self.dirty.add(history_part(contact_id))

    def recount(self, contact_id: int, touches: Iterable[Touch]) -> None:
        """Count one contact's history again from all its touches."""
        self.dirty.add(history_part(contact_id))
        self.history.pop(contact_id, None)
        for touch in touches:
            if touch.status is TouchStatus.DONE:
                last, ask, count = self.history.get(contact_id, (None, None, 0))
                if last is None or touch.date > last:
                    last = touch.date
                if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                    ask = touch.date
                self.history[contact_id] = (last, ask, count + 1)
        self.stale.discard(contact_id)

    def open_doc(self) -> dict[str, Any]:
        """The open touches, follow-ups and copies, as saved in the `index` part."""
        return {
            "live": {
                str(ident): [when.isoformat(), status.value]
                for ident, (when, status) in sorted(self.live.items())
            },
            "follow_ups": {
                str(ident): when.isoformat() for ident, when in sorted(self.follow_ups.items())
            },
            "copies": {
                str(ident): [origin, when.isoformat()]
                for ident, (origin, when) in sorted(self.copies.items())
            },
        }

    def history_docs(self, key: str) -> list[tuple[int, dict[str, Any]]]:
        """The contacts of one history part that have done touches, as saved."""
        first = int(key.rsplit("-", 1)[1]) * CONTACTS_PER_PART
        docs = []
        for ident in range(first, first + CONTACTS_PER_PART):
            entry = self.history.get(ident)
            if entry is not None and entry[2]:
                last, ask, count = entry
                doc: dict[str, Any] = {"n": count}
                if last is not None:
                    doc["d"] = last.isoformat()
                if ask is not None:
                    doc["a"] = ask.isoformat()
                docs.append((ident, doc))
        return docs

    def to_doc(self) -> dict[str, Any]:
        """Everything, in one document (for checking a saved index against the touches)."""
        history = {
            str(ident): doc
            for key in sorted({history_part(ident) for ident in self.history})
            for ident, doc in self.history_docs(key)
        }
        return {"history": history, **self.open_doc()}

    @classmethod
    def from_parts(cls, open_doc: Any, history_docs: Iterable[Any]) -> _Index:
        """The index as saved; raises ValueError (or TypeError, KeyError) if it is not one."""
        day, status, whole = converters.date_of, converters.status_of, _whole
        index = cls.empty()
        for docs in history_docs:
            for key, doc in docs.items():
                index.history[whole(int(key), "a contact id")] = (
                    day(doc["d"]) if "d" in doc else None,
                    day(doc["a"]) if "a" in doc else None,
                    whole(doc["n"], "a count"),
                )
        for key, (when, word) in open_doc["live"].items():
            index.live[int(key)] = (day(when), status(word))
        for key, when in open_doc["follow_ups"].items():
            index.follow_ups[int(key)] = day(when)
        for key, (origin, when) in open_doc["copies"].items():
            ident = int(key)
            index.copies[ident] = (whole(origin, "an origin id"), day(when))
            index.origins.setdefault(origin, set()).add(ident)
        return index


class Store:
    """The planner's data, in memory, backed by the database files.

    Read freely; change only inside `with store.transaction() as tx:`, which takes the lock,
    re-reads whatever another process saved meanwhile, and commits atomically at the end (or
    leaves disk and memory as they were if anything fails).

    Parts are read when first needed: the week screen reads this month's touches, not five
    years of them. Questions about the whole history (who is due, who went cold) are answered
    from a summary of each touch part, made without building every touch.
    """

    _signature: _Signature | None
    _newer_reason: str | None
    _rewrite_all: bool
    _split: bool
    _generation: int
    _part_files: dict[str, str]
    _part_sums: dict[str, str]
    _files: dict[str, _PartFile]
    _settings: Settings
    _contacts: dict[int, Contact]
    _touches: dict[int, Touch]
    _blocks: dict[int, TimeBlock]
    _goals: dict[int, Goal]
    _next_id: dict[str, int]
    _members: dict[str, set[int]]
    _loaded: set[str]
    _contact_docs: dict[str, dict[str, Any]]
    _scans: dict[str, _Scan]
    _stale: set[str]
    _history: dict[int, ContactHistory]
    _contact_parts: dict[int, set[str]] | None
    _index: _Index | None

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool | str = False,
        lock_timeout: float = LOCK_TIMEOUT,
        clock: Callable[[], datetime] = datetime.now,
    ) -> None:
        self.paths = DatabasePaths(Path(path).expanduser().absolute())
        self.lock_timeout = lock_timeout
        # A text says why (shown in the refusal), e.g. "another planner has it open".
        self._forced_read_only = (
            (read_only if isinstance(read_only, str) else "it was opened read-only")
            if read_only
            else None
        )
        self._clock = clock
        self._lock = filelock.FileLock(str(self.paths.lock), timeout=lock_timeout)
        self._transaction: Transaction | None = None
        #: The documents last written for the touches of the most recently written month
        #: parts, by the touch they were made from: a check-off rewrites its month, and only
        #: the changed touch is converted again.
        self._written_docs: dict[str, dict[int, tuple[Touch, dict[str, Any]]]] = {}
        self._clear()

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
        return self._forced_read_only or self._newer_reason

    @property
    def newer_reason(self) -> str | None:
        """Why the file may not be changed because a newer planner wrote it, else None."""
        return self._newer_reason

    @property
    def exists(self) -> bool:
        """True once the database has been written at least once."""
        return self._signature is not None

    # ----------------------------------------------------------------------------- reading

    @property
    def settings(self) -> Settings:
        return self._settings

    @property
    def contacts(self) -> Mapping[int, Contact]:
        self._load_all_contacts()
        return MappingProxyType(self._contacts)

    @property
    def blocks(self) -> Mapping[int, TimeBlock]:
        return MappingProxyType(self._blocks)

    @property
    def goals(self) -> Mapping[int, Goal]:
        return MappingProxyType(self._goals)

    def next_id(self, table: str) -> int:
        """The id the next new row of `table` will get."""
        return self._next_id[table]

    @property
    def touch_count(self) -> int:
        return sum(len(scan.ids) for scan in self._all_scans())

    @property
    def is_empty(self) -> bool:
        return not (self._files or self._contacts or self._touches or self._blocks or self._goals)

    def contact(self, contact_id: int) -> Contact:
        known = self._contacts.get(contact_id)
        if known is not None:
            return known
        key = contact_part(contact_id)
        if key not in self._loaded:
            doc = self._contact_documents(key).get(str(contact_id))
            if doc is not None:
                contact = self._convert(key, converters.contact_from_doc, contact_id, doc)
                self._contacts[contact_id] = contact
                return contact
        raise NotFoundError("contact", contact_id)

    def find_contact(self, contact_id: int) -> Contact | None:
        """The contact, or None if there is none with that id (reads only its own part)."""
        try:
            return self.contact(contact_id)
        except NotFoundError:
            return None

    def touch(self, touch_id: int) -> Touch:
        known = self._touches.get(touch_id)
        if known is not None:
            return known
        for key in sorted(self._touch_keys(), reverse=True):  # recent touches first
            if key not in self._loaded and touch_id in self._scan(key).ids:
                self._load_touches(key)
                return self._touches[touch_id]
        raise NotFoundError("touch", touch_id)

    def block(self, block_id: int) -> TimeBlock:
        try:
            return self._blocks[block_id]
        except KeyError:
            raise NotFoundError("time block", block_id) from None

    def goal(self, goal_id: int) -> Goal:
        try:
            return self._goals[goal_id]
        except KeyError:
            raise NotFoundError("goal", goal_id) from None

    def touches_between(self, first: date, last: date) -> list[Touch]:
        """Touches dated `first` to `last` inclusive, in agenda order."""
        found: list[Touch] = []
        month = date(first.year, first.month, 1)
        while month <= last:
            key = touch_part(month)
            self._load_touches(key)
            for touch_id in self._members.get(key, ()):
                touch = self._touches[touch_id]
                if first <= touch.date <= last:
                    found.append(touch)
            month = (month + timedelta(days=32)).replace(day=1)
        return sorted(found, key=agenda_order)

    def done_days_between(self, first: date, last: date) -> dict[int, list[date]]:
        """The days of each contact's done touches from `first` to `last` inclusive, read from
        the months' summaries (touches not built yet stay unbuilt)."""
        found: dict[int, list[date]] = {}
        month = date(first.year, first.month, 1)
        while month <= last:
            key = touch_part(month)
            if key in self._files or key in self._members:
                for contact_id, days in self._scan(key).done.items():
                    inside = [day for day in days if first <= day <= last]
                    if inside:
                        found.setdefault(contact_id, []).extend(inside)
            month = (month + timedelta(days=32)).replace(day=1)
        return found

    def week_touches(self, week: Week) -> list[Touch]:
        return self.touches_between(week.monday, week.sunday)

    def touches_of(self, contact_id: int) -> list[Touch]:
        """Every touch with one contact, oldest first."""
        found = []
        for key in sorted(self._parts_of_contact(contact_id)):
            self._load_touches(key)
            for touch_id in self._members.get(key, ()):
                touch = self._touches[touch_id]
                if touch.contact_id == contact_id:
                    found.append(touch)
        return sorted(found, key=agenda_order)

    def all_touches(self) -> Iterable[Touch]:
        for key in self._each_pending(self._touch_keys, lambda key: key in self._loaded):
            self._load_touches(key)
        return self._touches.values()

    def history(self, contact_id: int) -> ContactHistory:
        """Last done touch, last done referral ask and count of done touches of a contact."""
        cached = self._history.get(contact_id)
        if cached is None:
            index = self._settled_index()
            entry = index.history.get(contact_id)
            cached = ContactHistory(*entry) if entry is not None else _NEVER_TOUCHED
            self._history[contact_id] = cached
        return cached

    def histories(self) -> dict[int, ContactHistory]:
        return {ident: self.history(ident) for ident in self.contacts}

    def carry_sources(self, before: date) -> list[Touch]:
        """Touches dated before `before` still unresolved: planned (so about to be missed), or
        missed with no carried copy (or whose copy was removed) — offered again, never dropped."""
        index = self._ensure_index()
        return self._touches_at(
            (ident, day)
            for ident, (day, status) in index.live.items()
            if day < before and (status is TouchStatus.PLANNED or not index.origins.get(ident))
        )

    def planned_from(self, first: date) -> list[Touch]:
        """Planned touches dated on or after `first` (read from the index: only their months
        are built)."""
        index = self._ensure_index()
        return self._touches_at(
            (ident, day)
            for ident, (day, status) in index.live.items()
            if day >= first and status is TouchStatus.PLANNED
        )

    def follow_up_sources(self) -> list[Touch]:
        """Done touches marked for follow-up that have no follow-up touch yet."""
        index = self._ensure_index()
        return self._touches_at(
            (ident, day) for ident, day in index.follow_ups.items() if not index.origins.get(ident)
        )

    def copies_of(self, touch_id: int) -> list[Touch]:
        """Touches carried over from, or following up on, `touch_id`."""
        index = self._ensure_index()
        return self._touches_at(
            (ident, index.copies[ident][1]) for ident in index.origins.get(touch_id, ())
        )

    def contacts_added_between(self, first: date, last: date) -> int:
        """How many contacts were added from `first` to `last`, read from the stored documents
        where the contacts are not built yet (ISO dates compare as text)."""
        low, high = first.isoformat(), last.isoformat()
        count = 0
        for key in self._contact_keys():
            if key in self._loaded:
                count += sum(
                    1
                    for i in self._members.get(key, ())
                    if first <= self._contacts[i].added <= last
                )
                continue
            for raw_id, doc in self._contact_documents(key).items():
                known = self._contacts.get(int(raw_id)) if raw_id.isdigit() else None
                added = known.added.isoformat() if known is not None else doc.get("added")
                if type(added) is str and low <= added <= high:
                    count += 1
        return count

    def load_some(self, budget: float = 0.02, *, since: date | None = None) -> bool:
        """Read parts not read yet for about `budget` seconds; False once everything is in:
        every contact, every history, and the summary of each month from `since` on.

        An app calls this while it is idle, so that screens about the whole network open at
        once later without a start-up that waits for all of it."""
        deadline = time.perf_counter() + budget
        for key in sorted(self._contact_keys() - self._loaded):
            self._load_contacts(key)
            if time.perf_counter() > deadline:
                return True
        if self._index is None:
            self._ensure_index()
            return True
        self.histories()
        if since is not None:
            first = touch_part(since)
            for key in sorted(self._touch_keys()):
                if key >= first and (key not in self._scans or key in self._stale):
                    self._scan(key)
                    if time.perf_counter() > deadline:
                        return True
        return False

    @property
    def contacts_read(self) -> bool:
        """True when asking about every contact costs next to nothing: all are read, or so
        few are left that reading them is quicker than putting it off."""
        return len(self._contact_keys() - self._loaded) <= 10

    # ----------------------------------------------------------------------------- parts

    def _each_pending(
        self, keys: Callable[[], set[str]], done: Callable[[str], bool]
    ) -> Iterator[str]:
        """Part keys still to handle, looked up afresh after each one: reading a part may
        find that another planner saved meanwhile, and then the parts themselves change."""
        while True:
            left = [key for key in keys() if not done(key)]
            if not left:
                return
            yield min(left)

    def _contact_keys(self) -> set[str]:
        keys = {key for key in self._files if key.startswith("contacts")}
        return keys | {key for key in self._members if key.startswith("contacts")}

    def _touch_keys(self) -> set[str]:
        keys = {key for key in self._files if key.startswith("touches")}
        return keys | {key for key in self._members if key.startswith("touches")}

    def _read_part(self, key: str) -> dict[str, Any]:
        """The documents of one part as stored (empty for a part that does not exist yet)."""
        for _ in range(20):
            part = self._files.get(key)
            if part is None:
                return {}
            path = self.paths.parts / part.name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                if _signature(self.path) == self._signature:
                    raise self._damaged(f"its part {path} is missing") from None
                self.load()  # another planner saved meanwhile: read its root first
                continue
            except OSError as error:
                raise StoreError(f"Could not read {path}: {error.strerror or error}.") from None
            table = key.split("-")[0]
            try:
                data = decode(raw)
            except JSONDecodeError as error:
                raise self._damaged(f"its part {path} is damaged ({error})") from None
            if type(data) is not dict or set(data) - {table}:
                raise self._damaged(f"its part {path} does not hold just the {table} table")
            documents = data.get(table, {})
            # The documents must be objects; each is checked field by field when it is read.
            if type(documents) is not dict or not all(
                type(doc) is dict for doc in documents.values()
            ):
                raise self._damaged(f"its part {path} holds something that is not a document")
            return documents
        raise StoreError(f"{self.path} kept changing while being read; try again.")

    def _damaged(self, detail: str) -> DamagedDatabase:
        return DamagedDatabase(self.path, detail, self._newest_backup())

    def _convert(self, key: str, convert: Callable[[int, Any], _T], ident: int, doc: Any) -> _T:
        try:
            return convert(ident, doc)
        except converters.DocumentError as error:
            raise self._part_damaged(key, error) from None

    def _part_damaged(self, key: str, error: converters.DocumentError) -> DamagedDatabase:
        part = self._files.get(key)
        holder = f"{self.paths.parts / part.name} holds " if part else ""
        return self._damaged(f"{holder}{error}")

    def _contact_documents(self, key: str) -> dict[str, Any]:
        docs = self._contact_docs.get(key)
        if docs is None:
            docs = self._contact_docs[key] = self._read_part(key)
        return docs

    def _load_contacts(self, key: str) -> None:
        """Build every contact of one part (needed before the part can be written)."""
        if key in self._loaded:
            return
        docs = self._contact_documents(key)  # may re-read the root: bind the maps after it
        contacts, convert, ids = self._contacts, converters.contact_from_doc, set()
        try:
            for raw_id, doc in docs.items():
                ident = converters.doc_id("contacts", raw_id)
                if ident not in contacts:
                    contacts[ident] = convert(ident, doc)
                ids.add(ident)
        except converters.DocumentError as error:
            raise self._part_damaged(key, error) from None
        self._members[key] = ids
        self._contact_docs.pop(key, None)
        self._loaded.add(key)

    def _load_all_contacts(self) -> None:
        for key in self._each_pending(self._contact_keys, lambda key: key in self._loaded):
            self._load_contacts(key)

    def _load_touches(self, key: str) -> None:
        """Build every touch of one part."""
        if key in self._loaded:
            return
        docs = self._read_part(key)  # may re-read the root: bind the maps after it
        touches, convert, ids = self._touches, converters.touch_from_doc, set()
        try:
            for raw_id, doc in docs.items():
                ident = converters.doc_id("touches", raw_id)
                touches[ident] = convert(ident, doc)
                ids.add(ident)
        except converters.DocumentError as error:
            for ident in ids:
                del touches[ident]
            raise self._part_damaged(key, error) from None
        self._members[key] = ids
        self._loaded.add(key)
        if key not in self._scans:
            self._stale.add(key)

    def _scan(self, key: str) -> _Scan:
        """The summary of one touch part, from its touches if built, else from its file."""
        scan = self._scans.get(key)
        if scan is not None and key not in self._stale:
            return scan
        if key in self._loaded:
            scan = _scan_touches(self._touches[i] for i in self._members.get(key, ()))
        else:
            scan = self._scan_documents(key, self._read_part(key))
        self._scans[key] = scan
        self._stale.discard(key)
        if self._contact_parts is not None:
            for contact_id in scan.history:
                self._contact_parts.setdefault(contact_id, set()).add(key)
        return scan

    def _scan_documents(self, key: str, docs: dict[str, Any]) -> _Scan:
        """Summarise stored touch documents without building them (the hot path of reading a
        large history: plain dictionary work, every value still checked)."""
        scan = _Scan(set(), {}, {}, set(), {}, {})
        ids, history, live, follow_ups, origins, done_days = (
            scan.ids,
            scan.history,
            scan.live,
            scan.follow_ups,
            scan.origins,
            scan.done,
        )
        statuses, known_dates = converters.STATUS_TOKENS, converters.KNOWN_DATES
        done, planned, missed = TouchStatus.DONE, TouchStatus.PLANNED, TouchStatus.MISSED
        never = (None, None, 0)
        for raw_id, doc in docs.items():
            try:
                if not (raw_id.isascii() and raw_id.isdigit() and len(raw_id) <= 18):
                    raise ValueError("the id is not a whole number")
                ident = int(raw_id)
                contact_id = doc["contact_id"]
                if type(contact_id) is not int:
                    raise TypeError("contact_id is not a whole number")
                status = statuses[doc["status"]]
                stamp = doc["date"]
                day = known_dates.get(stamp) or converters.date_of(stamp)
            except (KeyError, TypeError, ValueError, AttributeError):
                # The full reading of the document says precisely what is wrong.
                ident = converters.doc_id("touches", raw_id)
                self._convert(key, converters.touch_from_doc, ident, doc)
                raise
            ids.add(ident)
            last, ask, count = history.get(contact_id, never)
            if status is done:
                count += 1
                if (days := done_days.get(contact_id)) is None:
                    done_days[contact_id] = [day]
                else:
                    days.append(day)
                if last is None or day > last:
                    last = day
                if doc.get("purpose") == "referral_ask" and (ask is None or day > ask):
                    ask = day
                if doc.get("follow_up") is True:
                    follow_ups.add(ident)
            elif status is planned or status is missed:
                live[ident] = (day, status)
            history[contact_id] = (last, ask, count)
            origin = doc.get("origin_id")
            if origin is not None:
                origins.setdefault(origin, set()).add(ident)
        return scan

    def _all_scans(self) -> list[_Scan]:
        for key in self._each_pending(
            self._touch_keys, lambda key: key in self._scans and key not in self._stale
        ):
            self._scan(key)
        return [self._scan(key) for key in sorted(self._touch_keys())]

    def _parts_of_contact(self, contact_id: int) -> set[str]:
        self._all_scans()
        if self._contact_parts is None:
            index: dict[int, set[str]] = {}
            for key, scan in self._scans.items():
                for ident in scan.history:
                    index.setdefault(ident, set()).add(key)
            self._contact_parts = index
        return self._contact_parts.get(contact_id, set())

    def _ensure_index(self) -> _Index:
        """The history index: read from its part, or counted from the touches when there is
        none (an older database) or it does not read; then saved with the next change."""
        if self._index is None:
            index = self._read_index()
            if index is None:
                index = _Index.of(self.all_touches())
                if self._touch_keys():
                    index.everything_dirty()  # saved with the next change
                else:
                    index.dirty.clear()  # no history yet: nothing worth saving
                    index.open_dirty = False
            self._index = index
        return self._index

    def _read_index(self) -> _Index | None:
        if INDEX not in self._files:
            return None
        try:
            return _Index.from_parts(
                self._read_part(INDEX)["1"],
                (self._read_part(key) for key in sorted(self._files) if key.startswith(HISTORY)),
            )
        except (DamagedDatabase, KeyError, TypeError, ValueError, AttributeError):
            return None  # derived data: counted again from the touches, and saved again

    def _settled_index(self) -> _Index:
        """The index with every contact's last dates counted (see `_Index.stale`)."""
        index = self._ensure_index()
        for contact_id in sorted(index.stale):
            index.recount(contact_id, self.touches_of(contact_id))
        return index

    def _touches_at(self, where: Iterable[tuple[int, date]]) -> list[Touch]:
        """Touches by id, reading only the months they are in."""
        found = []
        for ident, day in where:
            self._load_touches(touch_part(day))
            touch = self._touches.get(ident)
            if touch is not None:
                found.append(touch)
        return sorted(found, key=agenda_order)

    def _touches_by_id(self, ids: set[int]) -> list[Touch]:
        for key in self._each_pending(
            self._touch_keys,
            lambda key: key in self._loaded or ids.isdisjoint(self._scan(key).ids),
        ):
            self._load_touches(key)
        return sorted((self._touches[i] for i in ids if i in self._touches), key=agenda_order)

    # ----------------------------------------------------------------------------- writing

    def lock_free(self) -> bool:
        """True unless another planner holds the write lock right now (the lock is taken and
        given back at once, so that an app can wait for it without blocking its screen)."""
        if self._transaction is not None or not self.paths.lock.exists():
            return True
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        except OSError:
            return True  # the save itself says what is wrong with the folder
        self._lock.release()
        return True

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, refresh, change, commit. On any error nothing is saved and memory is restored."""
        if self._transaction is not None:
            raise RuntimeError("a transaction is already open on this store")
        self._check_writable()
        try:
            self.paths.folder.mkdir(parents=True, exist_ok=True)
            self._lock.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:
            raise LockTimeout(self.path, self.lock_timeout) from None
        except OSError as error:
            raise WriteFailed(self.paths.lock, error) from error
        try:
            if _signature(self.path) != self._signature:
                self.load()
            self._check_writable()
            transaction = self._transaction = Transaction(self)
            try:
                yield transaction
                if transaction.changed:
                    self._commit(transaction)
            except BaseException:
                transaction.rollback()
                raise
            finally:
                self._transaction = None
        finally:
            self._lock.release()

    def refresh(self) -> bool:
        """Re-read the database if another process saved it; True when something changed."""
        if _signature(self.path) == self._signature:
            return False
        self.load()
        return True

    def _check_writable(self) -> None:
        reason = self.read_only_reason
        if reason is not None:
            raise ReadOnlyDatabase(f"{self.path} is open read-only: {reason}. Nothing was saved.")

    def _commit(self, transaction: Transaction) -> None:
        paths = self.paths
        generation = self._generation + 1
        dirty = set(transaction.dirty)
        if self._rewrite_all:
            dirty |= set(self._members) | set(self._part_files)
        files = dict(self._part_files)
        sums: dict[str, str] = {}
        written: list[Path] = []
        backup: Path | None = None
        aside: Path | None = None
        try:
            paths.folder.mkdir(parents=True, exist_ok=True)
            backup = self._back_up(force=self._rewrite_all and self._signature is not None)
            if not self._split and paths.parts.is_dir() and any(paths.parts.iterdir()):
                # Parts this root does not list (it is a backup copied back, an old single
                # file, or missing): another database's, kept, never overwritten.
                aside = paths.set_aside(paths.parts, self._clock())
            if dirty:
                paths.parts.mkdir(exist_ok=True)
            try:
                for key in sorted(dirty):
                    ids = self._members.get(key)
                    if not ids:
                        files.pop(key, None)
                        continue
                    target = paths.parts / f"{key}.{generation}.json"
                    write_database(
                        target, {key.split("-")[0]: self._documents(key, ids)}, sync_dir=False
                    )
                    written.append(target)
                    files[key] = target.name
                if self._rewrite_all and self._touches:
                    self._ensure_index().everything_dirty()
                index = self._index
                if index is not None and (index.dirty or index.open_dirty):
                    paths.parts.mkdir(exist_ok=True)
                    self._settled_index()
                    if index.whole:
                        files = {key: name for key, name in files.items() if not _is_index(key)}
                    parts = {key: index.history_docs(key) for key in index.dirty}
                    if index.open_dirty or INDEX not in files:
                        parts[INDEX] = [(1, index.open_doc())]
                    for key, docs in sorted(parts.items()):
                        if not docs:
                            files.pop(key, None)
                            continue
                        target = paths.parts / f"{key}.{generation}.json"
                        table = INDEX if key == INDEX else HISTORY
                        write_database(target, {table: docs}, sync_dir=False)
                        written.append(target)
                        files[key] = target.name
                if written:
                    fsync_dir(paths.parts)
                sizes, sums = self._sizes(files, written), self._sums(files, written)
                write_database(
                    paths.root, self._root_tables(generation, files, sizes, sums), sync_dir=True
                )
            except BaseException as error:
                # The new parts go, unless a root on disk may name them: after an undone
                # replace of an existing root (the disk may hold either until the folder is
                # synced), or when even putting the old root back failed.
                undone = isinstance(error, UndoneReplace) and self._signature is not None
                if not undone and _signature(self.path) == self._signature:
                    for target in written:
                        _unlink(target)
                    if aside is not None:
                        _put_back(aside, paths.parts)
                raise
        except BaseException as error:
            if backup is not None:
                _unlink(backup)  # nothing changed, so the backup taken for the change goes too
            if isinstance(error, OSError):
                raise WriteFailed(self.path, error) from error
            if isinstance(error, JSONEncodeError):
                raise StoreError(
                    f"This change cannot be saved to {self.path}: {error}. Some text holds "
                    "characters that are not valid Unicode; nothing was saved."
                ) from None
            raise
        if backup is not None:
            for old in self.backups()[BACKUPS_KEPT:]:
                _unlink(old)
        superseded = set(self._part_files.values()) - set(files.values())
        for name in superseded:
            _unlink(paths.parts / name)
        for key in list(self._files):
            if key not in files:
                del self._files[key]
        for target in written:
            key = target.name.rsplit(".", 2)[0]
            stat = target.stat()
            self._files[key] = _PartFile(
                target.name, stat.st_size, (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            )
            self._contact_docs.pop(key, None)
        self._part_files = files
        self._part_sums = {files[key]: value for key, value in sums.items()}
        self._generation = generation
        self._rewrite_all = False
        if self._index is not None:
            self._index.dirty.clear()
            self._index.open_dirty = self._index.whole = False
        self._split = True
        self._signature = _signature(self.path)

    def _documents(self, key: str, ids: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        if key.startswith("contacts"):
            for contact_id in sorted(ids):
                yield contact_id, converters.contact_to_doc(self._contacts[contact_id])
        else:
            previous = self._written_docs.pop(key, {})
            kept: dict[int, tuple[Touch, dict[str, Any]]] = {}
            for touch_id in sorted(ids):
                touch = self._touches[touch_id]
                made = previous.get(touch_id)
                doc = made[1] if made is not None and made[0] is touch else None
                if doc is None:
                    doc = converters.touch_to_doc(touch)
                kept[touch_id] = (touch, doc)
                yield touch_id, doc
            self._written_docs[key] = kept
            while len(self._written_docs) > WRITTEN_DOCS_KEPT:
                del self._written_docs[next(iter(self._written_docs))]

    def _sums(self, files: Mapping[str, str], written: list[Path]) -> dict[str, str]:
        """A checksum of every part file the new root names: a backup copies a part without
        parsing it when the file still has the sum it was written with."""
        fresh = {target.name: _checksum(target.read_bytes()) for target in written}
        sums = {}
        for key, name in files.items():
            known = fresh.get(name)
            if known is None and self._part_sums.get(name):
                known = self._part_sums[name]
            if known is None:
                known = _checksum((self.paths.parts / name).read_bytes())
            sums[key] = known
        return dict(sorted(sums.items()))

    def _sizes(self, files: Mapping[str, str], written: list[Path]) -> dict[str, int]:
        """The size of every part file the new root names: checked at the next start, so that
        a part cut short or missing is noticed at once, not when it is first read."""
        fresh = {target.name: target.stat().st_size for target in written}
        sizes = {}
        for key, name in files.items():
            size = fresh.get(name)
            if size is None:
                known = self._files.get(key)
                size = known.size if known is not None and known.name == name else None
            if size is None:
                size = (self.paths.parts / name).stat().st_size
            sizes[key] = size
        return dict(sorted(sizes.items()))

    def _root_tables(
        self,
        generation: int,
        files: Mapping[str, str],
        sizes: Mapping[str, int],
        sums: Mapping[str, str],
    ) -> dict[str, list[tuple[int, dict[str, Any]]]]:
        meta = {
            "schema": CURRENT_SCHEMA,
            "generation": generation,
            "next_id": dict(self._next_id),
            "parts": dict(sorted(files.items())),
            "sizes": dict(sizes),
            "sums": dict(sums),
        }
        return {
            "meta": [(1, meta)],
            "settings": [(1, converters.settings_to_doc(self._settings))],
            "blocks": [(i, converters.block_to_doc(b)) for i, b in sorted(self._blocks.items())],
            "goals": [(i, converters.goal_to_doc(g)) for i, g in sorted(self._goals.items())],
        }

    # ----------------------------------------------------------------------------- backups

    def backups(self) -> list[Path]:
        """Backups of this database, newest first."""
        return self.paths.list_backups()

    def _back_up(self, *, force: bool = False) -> Path | None:
        """Before the first write of each day (and before a migration), copy the database as it
        is on disk into one self-contained file in `backups/`. The commit keeps the newest ten
        once it has succeeded, and removes this one if it failed."""
        if self._signature is None:
            return None
        now = self._clock()
        existing = self.backups()
        today = f"{self.path.stem}-{now:%Y%m%d}-"
        if not force and any(entry.name.startswith(today) for entry in existing):
            return None
        bundle = _bundle(self.paths, self._part_sums)
        self.paths.backups.mkdir(exist_ok=True)
        name = self.paths.backup_name(now)
        target = self.paths.backups / name
        counter = 1
        while target.exists():
            target = target.with_name(f"{name.removesuffix('.json')}-{counter}.json")
            counter += 1
        atomic_write(target, bundle)
        return target

    # ----------------------------------------------------------------------------- loading

    def load(self) -> None:
        """(Re-)read the root from disk. Parts are checked to be there and whole; those read
        before are read again only if their file changed."""
        for _ in range(20):
            try:
                signature = _signature(self.path)
                if signature is None:
                    self._clear()
                    return
                root = read_tables(self.path)
                if root is None:
                    raise _PartVanished()
                meta = _lazy_meta(root)
                if meta is None:
                    signature, data = _read_disk(self.paths)
                    self._install(signature, data)
                else:
                    self._install_lazy(signature, root, meta)
            except _PartVanished:
                continue
            except (JSONDecodeError, FileShapeError, _Damage) as error:
                raise DamagedDatabase(self.path, str(error), self._newest_backup()) from None
            except OSError as error:
                raise StoreError(
                    f"Could not read {self.path}: {error.strerror or error}."
                ) from error
            return
        raise StoreError(f"{self.path} kept changing while being read; try again.")

    def _install_lazy(self, signature: _Signature, root: Tables, meta: dict[str, Any]) -> None:
        """Take in a root that lists its parts: check the parts, read none of them, and keep
        what was read before of parts whose file is still the same."""
        sizes: dict[str, Any] = meta["sizes"] if isinstance(meta.get("sizes"), dict) else {}
        files: dict[str, _PartFile] = {}
        index_broken = False
        for key, name in sorted(meta["parts"].items()):
            table = str(key).split("-")[0]
            if (
                table not in (*_PART_TABLES, INDEX, HISTORY)
                or not isinstance(name, str)
                or not PART_FILE.match(name)
                or not name.startswith(f"{key}.")
            ):
                raise _Damage(f"it names an unknown part {key!r:.40}")
            path = self.paths.parts / name
            try:
                stat = path.stat()
            except FileNotFoundError:
                if _signature(self.path) != signature:
                    raise _PartVanished() from None
                if _is_index(key):
                    index_broken = True  # derived data: counted again from the touches
                    continue
                raise _Damage(f"its part {path} is missing") from None
            expected = sizes.get(key)
            if _is_index(key) and expected != stat.st_size:
                index_broken = True  # derived data changed since it was written: counted again
                continue
            if isinstance(expected, int) and expected != stat.st_size:
                # Cut short, overwritten, or edited by hand: read it now to tell which.
                problem = _what_is_wrong(path, table)
                if problem is not None:
                    raise _Damage(problem)
            files[key] = _PartFile(
                name, stat.st_size, (stat.st_ino, stat.st_size, stat.st_mtime_ns)
            )
        if index_broken:  # the whole index is counted again, and saved under new names
            files = {key: part for key, part in files.items() if not _is_index(key)}
        index = self._index
        before = (
            self._files,
            self._loaded,
            self._members,
            self._contacts,
            self._touches,
            self._contact_docs,
            self._scans,
            self._stale,
        )
        self._clear()
        try:
            self._build(root, meta)
        except (converters.DocumentError, ValueError, TypeError, AttributeError) as error:
            self._clear()
            raise DamagedDatabase(self.path, str(error), self._newest_backup()) from None
        self._signature = signature
        self._split = True
        self._files = files
        # Index parts found broken are left out: counted again when needed, saved anew.
        self._part_files = {key: part.name for key, part in files.items()}
        stored: dict[str, Any] = meta["sums"] if isinstance(meta.get("sums"), dict) else {}
        self._part_sums = {
            part.name: stored[key]
            for key, part in files.items()
            if isinstance(stored.get(key), str)
        }
        old_files, loaded, members, contacts, touches, contact_docs, scans, stale = before
        same = {
            key
            for key, part in files.items()
            if (old := old_files.get(key)) is not None
            and old.name == part.name
            and old.stat == part.stat
        }
        for key in same:
            if key in loaded:
                self._loaded.add(key)
                self._members[key] = set(members.get(key, ()))
                source = contacts if key.startswith("contacts") else touches
                target: dict[int, Any] = (
                    self._contacts if key.startswith("contacts") else self._touches
                )
                for ident in self._members[key]:
                    target[ident] = source[ident]
            if key in contact_docs:
                self._contact_docs[key] = contact_docs[key]
            if key in scans and key not in stale:
                self._scans[key] = scans[key]
        for ident, contact in contacts.items():
            key = contact_part(ident)
            if key in same and key not in loaded:
                self._contacts[ident] = contact
        index_keys = {key for key in files if _is_index(key)}
        old_index_keys = {key for key in old_files if _is_index(key)}
        if (
            index is not None
            and index_keys
            and index_keys == old_index_keys
            and index_keys <= same
            and not (index.dirty or index.open_dirty)
        ):
            self._index = index

    def _newest_backup(self) -> Path | None:
        backups = self.backups()
        return backups[0] if backups else None

    def _install(self, signature: _Signature | None, data: Tables) -> None:
        self._clear()
        self._signature = signature
        if signature is None:
            return
        try:
            version = schema_of(data)
        except ValueError as error:
            raise DamagedDatabase(self.path, str(error), self._newest_backup()) from None
        if version > CURRENT_SCHEMA:
            newest = self._newest_backup()
            self._newer_reason = (
                f"it was written by a newer planner (schema {version}; this one knows up to "
                f"{CURRENT_SCHEMA}), so it is never rewritten here; update planner to change it"
                + ("" if newest is None else f" (the newest backup is {newest})")
            )
        elif version < CURRENT_SCHEMA:
            data = migrate(data)
            self._rewrite_all = True
        meta = data.get("meta", {}).get("1", {})
        try:
            self._build(data, meta)
        except (converters.DocumentError, ValueError, TypeError, AttributeError) as error:
            self._clear()
            if version > CURRENT_SCHEMA:
                newest = self._newest_backup()
                raise StoreError(
                    f"{self.path} was written by a newer planner (schema {version}) and this "
                    "version cannot read it; update planner. The file was not changed. "
                    + (
                        "There is no backup of it yet."
                        if newest is None
                        else f"The newest backup is {newest}."
                    )
                ) from None
            detail = str(error)
            if isinstance(error, converters.DocumentError):
                holder = _holder(self.paths, meta, error.table, error.doc_id)
                if holder is not None:
                    detail = f"{holder} holds {detail}"
            raise DamagedDatabase(self.path, detail, self._newest_backup()) from None
        self._signature = signature
        self._files = {key: _PartFile(name) for key, name in self._part_files.items()}
        self._loaded = set(self._files) | set(self._members)

    def _build(self, data: Tables, meta: dict[str, Any]) -> None:
        parts = meta.get("parts", {})
        self._split = isinstance(meta.get("parts"), dict)
        self._part_files = {str(key): str(name) for key, name in parts.items()}
        self._generation = _whole(meta.get("generation", 0), "its generation")
        if any(data.get(name) for name in _PART_TABLES) and not parts:
            self._rewrite_all = True  # a bundle (backup) or an old single file: split it up
        if not _current_layout(self._part_files):
            self._rewrite_all = True  # parts cut the older way: cut them again
        settings_doc = data.get("settings", {}).get("1")
        if settings_doc is not None:
            self._settings = converters.settings_from_doc(settings_doc)
        doc_id = converters.doc_id
        for key, doc in data.get("blocks", {}).items():
            block = converters.block_from_doc(doc_id("blocks", key), doc)
            self._blocks[block.id] = block
        for key, doc in data.get("goals", {}).items():
            goal = converters.goal_from_doc(doc_id("goals", key), doc)
            self._goals[goal.id] = goal
        for key, doc in data.get("contacts", {}).items():
            ident = doc_id("contacts", key)
            self._set_contact(ident, converters.contact_from_doc(ident, doc))
        for key, doc in data.get("touches", {}).items():
            ident = doc_id("touches", key)
            self._set_touch(ident, converters.touch_from_doc(ident, doc))
        stored_next = meta.get("next_id", {})
        if not isinstance(stored_next, dict):
            raise ValueError("its next ids are not an object")
        for table, found in (
            ("contacts", self._contacts),
            ("touches", self._touches),
            ("blocks", self._blocks),
            ("goals", self._goals),
        ):
            stored = _whole(stored_next.get(table, 1), f"its next {table} id")
            self._next_id[table] = max(stored, max(found, default=0) + 1)

    def _clear(self) -> None:
        self._signature = None
        self._newer_reason = None
        self._rewrite_all = False
        self._split = False
        self._generation = 0
        self._part_files = {}
        self._part_sums = {}
        self._files = {}
        self._settings = Settings()
        self._contacts = {}
        self._touches = {}
        self._blocks = {}
        self._goals = {}
        self._next_id = {"contacts": 1, "touches": 1, "blocks": 1, "goals": 1}
        self._members = {}
        self._loaded = set()
        self._contact_docs = {}
        self._scans = {}
        self._stale = set()
        self._history = {}
        self._contact_parts = None
        self._index = None

    # ----------------------------------------------------------------------------- housekeeping

    def tidy(self) -> list[Path]:
        """Remove what a crashed writer left behind: temp files, and parts that no root names.

        Only when the write lock is free right now, so a live writer is never disturbed, and
        only parts that are provably leftovers: unnamed parts beside a root that lists its
        parts, or, beside a root that lists none (new, old single file, backup), a folder
        holding nothing but the next generation written after that root, which only its own
        interrupted first save leaves. Anything else there (another database's parts, beside a
        backup copied over the root) is kept, and set aside at the next save.
        """
        if self._forced_read_only or self._newer_reason or not self.paths.folder.is_dir():
            return []
        try:
            self._lock.acquire(timeout=0)
        except (filelock.Timeout, OSError):
            return []
        try:
            removed = remove_temp_files([self.paths.folder, self.paths.parts, self.paths.backups])
            if _signature(self.path) != self._signature or not self.paths.parts.is_dir():
                return removed
            found = {
                entry: match
                for entry in self.paths.parts.iterdir()
                if (match := PART_FILE.match(entry.name))
            }
            if self._split:
                referenced = set(self._part_files.values())
                leftovers = [entry for entry in found if entry.name not in referenced]
            elif all(int(m.group(2)) == self._generation + 1 for m in found.values()) and all(
                _not_older(entry, self.path) for entry in found
            ):
                # Only the next generation, written after the root: this root's own first
                # save, interrupted (a migration, a split backup, a new database).
                leftovers = list(found)
            else:
                leftovers = []
            for entry in leftovers:
                _unlink(entry)
                removed.append(entry)
            return removed
        finally:
            self._lock.release()

    # ----------------------------------------------------------------------------- indexes

    def _set_contact(self, contact_id: int, contact: Contact | None) -> None:
        key = contact_part(contact_id)
        if contact is None:
            self._contacts.pop(contact_id, None)
            self._members.get(key, set()).discard(contact_id)
            if self._index is not None:
                self._index.forget(contact_id)
        else:
            self._contacts[contact_id] = contact
            self._members.setdefault(key, set()).add(contact_id)
        self._history.pop(contact_id, None)

    def _set_touch(self, touch_id: int, touch: Touch | None) -> None:
        old = self._touches.pop(touch_id, None)
        if self._index is not None and (old is not None or touch is not None):
            self._index.replace(old, touch)
        if old is not None:
            key = touch_part(old.date)
            self._members[key].discard(touch_id)
            self._stale.add(key)
            self._history.pop(old.contact_id, None)
        if touch is None:
            return
        key = touch_part(touch.date)
        self._touches[touch_id] = touch
        self._members.setdefault(key, set()).add(touch_id)
        self._stale.add(key)
        self._history.pop(touch.contact_id, None)
        if self._contact_parts is not None:
            self._contact_parts.setdefault(touch.contact_id, set()).add(key)


class Transaction:
    """Changes to the store, all saved together when the `with` block ends.

    Every change is remembered so that a failure anywhere (a rule broken half way, a full disk)
    puts the store back exactly as it was.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._undo: list[Callable[[], None]] = []
        self._next_id = dict(store._next_id)
        self._first_new_touch = store._next_id["touches"]
        self._settings = store._settings
        self.dirty: set[str] = set()
        self.changed = False

    def _allocate(self, table: str) -> int:
        ident = self._store._next_id[table]
        self._store._next_id[table] = ident + 1
        return ident

    def new_contact_id(self) -> int:
        return self._allocate("contacts")

    def peek_id(self, table: str) -> int:
        """The id the next new row of `table` will get."""
        return self._store._next_id[table]

    def reserve_ids(self, table: str, count: int) -> range:
        """`count` consecutive new ids (for a batch planned with `peek_id`)."""
        first = self._store._next_id[table]
        self._store._next_id[table] = first + count
        return range(first, first + count)

    def new_touch_id(self) -> int:
        return self._allocate("touches")

    def new_block_id(self) -> int:
        return self._allocate("blocks")

    def new_goal_id(self) -> int:
        return self._allocate("goals")

    def put_contact(self, contact: Contact) -> Contact:
        self._check(
            "contact", contact, converters.contact_to_doc, converters.contact_from_doc, contact.id
        )
        store = self._store
        store._load_contacts(contact_part(contact.id))  # the whole part is written again
        old = store._contacts.get(contact.id)
        self._undo.append(lambda: store._set_contact(contact.id, old))
        store._set_contact(contact.id, contact)
        self._touched(contact_part(contact.id))
        return contact

    def delete_contact(self, contact_id: int) -> None:
        store = self._store
        store._ensure_index()
        store._load_contacts(contact_part(contact_id))
        old = store.contact(contact_id)
        self._undo.append(lambda: store._set_contact(contact_id, old))
        store._set_contact(contact_id, None)
        self._touched(contact_part(contact_id))

    def put_touch(self, touch: Touch) -> Touch:
        self._check("touch", touch, converters.touch_to_doc, converters.touch_from_doc, touch.id)
        store = self._store
        store._ensure_index()  # kept exact through the change, and saved with it
        old = store._touches.get(touch.id)
        if old is None and touch.id < self._first_new_touch:
            try:
                old = store.touch(touch.id)
            except NotFoundError:
                old = None
        if old is not None:
            store._load_touches(touch_part(old.date))
        store._load_touches(touch_part(touch.date))  # the whole month is written again
        self._undo.append(lambda: store._set_touch(touch.id, old))
        store._set_touch(touch.id, touch)
        if old is not None:
            self._touched(touch_part(old.date))
        self._touched(touch_part(touch.date))
        return touch

    def delete_touch(self, touch_id: int) -> None:
        store = self._store
        store._ensure_index()
        old = store.touch(touch_id)
        store._load_touches(touch_part(old.date))
        self._undo.append(lambda: store._set_touch(touch_id, old))
        store._set_touch(touch_id, None)
        self._touched(touch_part(old.date))

    def put_block(self, block: TimeBlock) -> TimeBlock:
        self._check(
            "time block", block, converters.block_to_doc, converters.block_from_doc, block.id
        )
        self._put_root(self._store._blocks, block.id, block)
        return block

    def delete_block(self, block_id: int) -> None:
        self._store.block(block_id)
        self._put_root(self._store._blocks, block_id, None)

    def put_goal(self, goal: Goal) -> Goal:
        self._check("goal", goal, converters.goal_to_doc, converters.goal_from_doc, goal.id)
        self._put_root(self._store._goals, goal.id, goal)
        return goal

    def delete_goal(self, goal_id: int) -> None:
        self._store.goal(goal_id)
        self._put_root(self._store._goals, goal_id, None)

    def set_settings(self, settings: Settings) -> None:
        self._check(
            "settings",
            settings,
            converters.settings_to_doc,
            lambda _, doc: converters.settings_from_doc(doc),
            1,
        )
        self._store._settings = settings
        self.changed = True

    def _check(
        self,
        what: str,
        value: Any,
        to_doc: Callable[[Any], dict[str, Any]],
        from_doc: Callable[[int, Any], Any],
        ident: int,
    ) -> None:
        """Refuse, before anything changes, a value that could be written but not read back
        (a date past 2999, a NaN that JSON turns into null, text that is not Unicode): saved,
        it would make the whole database unreadable."""
        try:
            from_doc(ident, decode(encode(to_doc(value))))
        except (converters.DocumentError, JSONEncodeError, JSONDecodeError) as error:
            raise StoreError(
                f"This {what} cannot be saved to {self._store.path}: {error}. Nothing was saved."
            ) from None

    def _put_root(self, table: dict[int, Any], ident: int, value: Any) -> None:
        old = table.get(ident)

        def undo() -> None:
            if old is None:
                table.pop(ident, None)
            else:
                table[ident] = old

        self._undo.append(undo)
        if value is None:
            table.pop(ident, None)
        else:
            table[ident] = value
        self.changed = True

    def _touched(self, key: str) -> None:
        self.dirty.add(key)
        self.changed = True

    def rollback(self) -> None:
        for undo in reversed(self._undo):
            undo()
        self._undo.clear()
        self._store._next_id = self._next_id
        self._store._settings = self._settings
        self.dirty.clear()
        self.changed = False


class _Damage(ValueError):
    """The files are there but do not add up to a database."""


def _read_disk(paths: DatabasePaths) -> tuple[_Signature | None, Tables]:
    """The database's logical content as on disk: root tables with every part merged in."""
    signature = _signature(paths.root)
    if signature is None:
        return None, {}
    root = read_tables(paths.root)
    if root is None:
        raise _PartVanished()
    data: Tables = {name: dict(table) for name, table in root.items()}
    meta = data.get("meta", {}).get("1", {})
    parts = meta.get("parts", {}) if isinstance(meta, dict) else {}
    if not isinstance(parts, dict):
        raise _Damage("its list of parts is not an object")
    for key, name in sorted(parts.items()):
        if _is_index(key):
            continue  # derived from the touches: not part of the content
        table = str(key).split("-")[0]
        if table not in _PART_TABLES or not isinstance(name, str) or not PART_FILE.match(name):
            raise _Damage(f"it names an unknown part {key!r:.40}")
        try:
            part = read_tables(paths.parts / name)
        except (JSONDecodeError, FileShapeError) as error:
            raise _Damage(f"its part {paths.parts / name} is damaged ({error})") from None
        if part is None:
            if _signature(paths.root) != signature:
                raise _PartVanished()
            raise _Damage(f"its part {paths.parts / name} is missing")
        data.setdefault(table, {}).update(part.get(table, {}))
    return signature, data


def _what_is_wrong(path: Path, table: str) -> str | None:
    """The most precise account of a changed part: what does not parse, or which document is
    wrong (None if every document reads)."""
    try:
        data = read_tables(path)
    except (JSONDecodeError, FileShapeError) as error:
        return f"its part {path} is damaged ({error})"
    except OSError:
        return None
    convert = converters.contact_from_doc if table == "contacts" else converters.touch_from_doc
    for raw_id, doc in (data or {}).get(table, {}).items():
        try:
            convert(converters.doc_id(table, raw_id), doc)
        except converters.DocumentError as error:
            return f"{path} holds {error}"
    return None


def _checksum(raw: bytes) -> str:
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


def _table_bytes(raw: bytes, table: str) -> bytes | None:
    """The documents of `table` cut from a part file as this store writes it
    (`{"<table>":{...}}`), or None for a file of another shape."""
    own = b'{"' + table.encode() + b'":{'
    if raw.startswith(own) and raw.endswith(b"}}"):
        return raw[len(own) : -2]
    return None


def index_document(touches: Iterable[Touch]) -> dict[str, Any]:
    """The history index of `touches` as saved (for checking a saved one)."""
    return _Index.of(touches).to_doc()


def _lazy_meta(root: Tables) -> dict[str, Any] | None:
    """The root's meta when its parts can be read one by one: a root of the current schema
    that lists its parts and its next ids and holds no contacts or touches itself. Anything
    else (an old file, a backup put back, a newer schema) is read whole, as before."""
    meta = root.get("meta", {}).get("1")
    if not isinstance(meta, dict) or meta.get("schema") != CURRENT_SCHEMA:
        return None
    if not isinstance(meta.get("parts"), dict) or not isinstance(meta.get("next_id"), dict):
        return None
    if not _current_layout(str(key) for key in meta["parts"]):
        return None
    if any(root.get(table) for table in _PART_TABLES):
        return None
    return meta


def _scan_touches(touches: Iterable[Touch]) -> _Scan:
    """The summary of built touches (see `_Scan`)."""
    scan = _Scan(set(), {}, {}, set(), {}, {})
    history = scan.history
    for touch in touches:
        scan.ids.add(touch.id)
        last, ask, count = history.get(touch.contact_id, (None, None, 0))
        if touch.status is TouchStatus.DONE:
            count += 1
            scan.done.setdefault(touch.contact_id, []).append(touch.date)
            if last is None or touch.date > last:
                last = touch.date
            if touch.purpose is Purpose.REFERRAL_ASK and (ask is None or touch.date > ask):
                ask = touch.date
            if touch.follow_up:
                scan.follow_ups.add(touch.id)
        elif touch.status in _LIVE:
            scan.live[touch.id] = (touch.date, touch.status)
        history[touch.contact_id] = (last, ask, count)
        if touch.origin_id is not None:
            scan.origins.setdefault(touch.origin_id, set()).add(touch.id)
    return scan


def _bundle(paths: DatabasePaths, sums: Mapping[str, str] | None = None) -> bytes:
    """The whole database as it is on disk, in one self-contained file (a backup).

    Part files are written by this store as `{"<table>":{...documents...}}`, so their
    documents are spliced into the bundle byte for byte instead of being parsed and written
    again; the result is checked to read back before it is used. A root of another shape is
    read whole and written out."""
    root = read_tables(paths.root)
    if root is None:
        raise _PartVanished()
    meta = _lazy_meta(root)
    if meta is None:
        _, data = _read_disk(paths)
        data.setdefault("meta", {}).setdefault("1", {}).pop("parts", None)
        data["meta"]["1"].pop("sizes", None)
        return encode(data)
    head_tables = {name: table for name, table in root.items() if name not in _PART_TABLES}
    head_meta = {key: value for key, value in meta.items() if key not in ("parts", "sizes")}
    head_tables["meta"] = {"1": head_meta}
    chunks: dict[str, list[bytes]] = {table: [] for table in _PART_TABLES}
    for key, name in sorted(meta["parts"].items()):
        if _is_index(key):
            continue  # derived data: a backup is counted again when it is put back
        table = str(key).split("-")[0]
        if table not in chunks or not isinstance(name, str) or not PART_FILE.match(name):
            raise _Damage(f"it names an unknown part {key!r:.40}")
        try:
            raw = (paths.parts / name).read_bytes()
        except FileNotFoundError:
            raise _Damage(f"its part {paths.parts / name} is missing") from None
        known = (sums or {}).get(name)
        inner = _table_bytes(raw, table) if known and known == _checksum(raw) else None
        if inner is None:  # not the bytes it was written with (or no sum kept): check it
            try:
                part = decode(raw)  # a backup is only made of parts that read
                check_shape(part)
            except (JSONDecodeError, FileShapeError) as error:
                raise _Damage(f"its part {paths.parts / name} is damaged ({error})") from None
            inner = _table_bytes(raw, table) if set(part) <= {table} else None
            if inner is None:
                inner = encode(part.get(table, {}))[1:-1]
        if inner:
            chunks[table].append(inner)
    head = encode(head_tables)
    body = b"".join(
        b',"' + table.encode() + b'":{' + b",".join(chunks[table]) + b"}" for table in _PART_TABLES
    )
    return head[:-1] + body + b"}"


def _not_older(entry: Path, root: Path) -> bool:
    """True unless `entry` was last written before `root` (True when there is no root)."""
    try:
        root_time = root.stat().st_mtime_ns
    except FileNotFoundError:
        return True
    try:
        return entry.stat().st_mtime_ns >= root_time
    except OSError:
        return False


def _put_back(aside: Path, folder: Path) -> None:
    """Undo setting `folder` aside, if the folder made since is still empty."""
    try:
        if folder.exists():
            folder.rmdir()
        os.rename(aside, folder)
    except OSError:
        pass  # kept aside all the same: nothing is lost


def _whole(value: object, what: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise ValueError(f"{what} {value!r:.40} is not a whole number")
    return value


def _holder(paths: DatabasePaths, meta: Any, table: str, doc_id: object) -> Path | None:
    """The part file holding document `doc_id` of `table` (None for root tables, or when it
    cannot be told): to name it in a message about that document."""
    parts = meta.get("parts") if isinstance(meta, dict) else None
    if table not in _PART_TABLES or not isinstance(parts, dict):
        return None
    for key, name in sorted(parts.items()):
        if str(key).split("-")[0] != table or not PART_FILE.match(str(name)):
            continue
        try:
            part = read_tables(paths.parts / str(name))
        except (OSError, ValueError):
            continue
        if part is not None and str(doc_id).strip("'") in part.get(table, {}):
            return paths.parts / str(name)
    return None


def agenda_order(touch: Touch) -> tuple[date, int, int, int]:
    """Date, then start time (untimed touches first), then contact and id: a stable order."""
    start = -1 if touch.start is None else touch.start.hour * 60 + touch.start.minute
    return (touch.date, start, touch.contact_id, touch.id)


def _unlink(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


__all__ = [
    "BACKUPS_KEPT",
    "CONTACTS_PER_PART",
    "DatabasePaths",
    "PlannerError",
    "Store",
    "Transaction",
    "agenda_order",
    "contact_part",
    "touch_part",
]
