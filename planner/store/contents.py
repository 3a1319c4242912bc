"""What the store holds in memory, and each part read from disk the first time it is needed.

The root (settings, blocks, goals, the list of parts) is read whole; contacts and touches are
read a part at a time: a contact part when one of its contacts is asked for, a month of
touches when a day in it is. Questions about the whole history are answered from `Scan`
summaries and the `HistoryIndex`, which are made without building every touch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

from planner.domain.calendars import Calendar
from planner.domain.model import Contact, ContactHistory, Goal, Settings, TimeBlock, Touch
from planner.store import converters
from planner.store.errors import DamagedDatabase, StoreError
from planner.store.files import JSONDecodeError, decode
from planner.store.index import HistoryIndex
from planner.store.layout import (
    HISTORY,
    INDEX,
    DatabasePaths,
    PartFile,
    Signature,
    contact_part,
    signature,
    table_of,
    touch_part,
)
from planner.store.loading import load
from planner.store.scans import Scan, scan_documents, scan_touches

_T = TypeVar("_T")


class Contents:
    """The database in memory: the root's tables, the parts read so far, their summaries and
    the history index."""

    signature: Signature | None
    schema: int | None
    newer_reason: str | None
    rewrite_all: bool
    split: bool
    generation: int
    part_files: dict[str, str]
    part_sums: dict[str, str]
    files: dict[str, PartFile]
    settings: Settings
    contacts: dict[int, Contact]
    touches: dict[int, Touch]
    blocks: dict[int, TimeBlock]
    goals: dict[int, Goal]
    calendars: dict[int, Calendar]
    next_id: dict[str, int]
    members: dict[str, set[int]]
    loaded: set[str]
    contact_docs: dict[str, dict[str, Any]]
    scans: dict[str, Scan]
    stale: set[str]
    histories: dict[int, ContactHistory]
    done_days: tuple[tuple[date, date], dict[str, Scan], dict[int, list[date]]] | None
    contact_parts: dict[int, set[str]] | None
    index: HistoryIndex | None
    whole_contacts: tuple[Signature | None, int, int] | None
    changes: list[int]
    changes_epoch: object

    def __init__(self, paths: DatabasePaths) -> None:
        self.paths = paths
        self.clear()

    def clear(self) -> None:
        #: The root as last read (None: there is no database yet).
        self.signature = None
        #: The schema the file was written in (before any migration), once read.
        self.schema = None
        #: Why the file may not be changed because a newer planner wrote it.
        self.newer_reason = None
        #: Every part is written again at the next save (a migration, an old layout).
        self.rewrite_all = False
        #: The root lists its parts (False for a new database, an old file or a backup).
        self.split = False
        self.generation = 0
        #: part key -> file name, as the root lists them; and each file's checksum.
        self.part_files = {}
        self.part_sums = {}
        #: part key -> its file as found when the root was read
        self.files = {}
        self.settings = Settings()
        self.contacts = {}
        self.touches = {}
        self.blocks = {}
        self.goals = {}
        self.calendars = {}
        self.next_id = {"contacts": 1, "touches": 1, "blocks": 1, "goals": 1, "calendars": 1}
        #: part key -> the ids of the contacts or touches it holds (parts read or changed)
        self.members = {}
        #: parts whose every contact or touch is built
        self.loaded = set()
        #: contact parts read but not built: one contact is built when it is asked for
        self.contact_docs = {}
        #: touch part key -> its summary, and the parts whose summary is out of date
        self.scans = {}
        self.stale = set()
        #: contact id -> its history, as asked for since the last change
        self.histories = {}
        #: the last answer of `done_days_between`: its days, the summaries it came from
        self.done_days = None
        #: contact id -> the touch parts holding its touches (once every part is scanned)
        self.contact_parts = None
        self.index = None
        #: The root and how many parts there were when every contact was last built: while
        #: they stay the same, there is no part left to look for.
        self.whole_contacts = None
        #: The contacts changed since the root was read (their own fields or their touches),
        #: in order; a new epoch each time the database is read again.
        self.changes = []
        self.changes_epoch = object()

    @property
    def is_empty(self) -> bool:
        return not (
            self.files
            or self.contacts
            or self.touches
            or self.blocks
            or self.goals
            or self.calendars
        )

    # ------------------------------------------------------------------------- part keys

    def contact_keys(self) -> set[str]:
        keys = {key for key in self.files if key.startswith("contacts")}
        return keys | {key for key in self.members if key.startswith("contacts")}

    def touch_keys(self) -> set[str]:
        keys = {key for key in self.files if key.startswith("touches")}
        return keys | {key for key in self.members if key.startswith("touches")}

    def each_pending(
        self, keys: Callable[[], set[str]], done: Callable[[str], bool]
    ) -> Iterator[str]:
        """Part keys still to handle, looked up afresh after each one: reading a part may
        find that another planner saved meanwhile, and then the parts themselves change."""
        while True:
            seen = self.signature
            left = sorted((key for key in keys() if not done(key)), reverse=True)
            if not left:
                return
            while left and self.signature is seen:
                key = left.pop()
                if not done(key):
                    yield key

    # ------------------------------------------------------------------------- reading parts

    def read_part(self, key: str) -> dict[str, Any]:
        """The documents of one part as stored (empty for a part that does not exist yet)."""
        for _ in range(20):
            part = self.files.get(key)
            if part is None:
                return {}
            path = self.paths.parts / part.name
            try:
                raw = path.read_bytes()
            except FileNotFoundError:
                if signature(self.paths.root) == self.signature:
                    raise self.damaged(f"its part {path} is missing") from None
                load(self)  # another planner saved meanwhile: read its root first
                continue
            except OSError as error:
                raise StoreError(f"Could not read {path}: {error.strerror or error}.") from None
            table = table_of(key)
            try:
                data = decode(raw)
            except JSONDecodeError as error:
                raise self.damaged(f"its part {path} is damaged ({error})") from None
            if type(data) is not dict or set(data) - {table}:
                raise self.damaged(f"its part {path} does not hold just the {table} table")
            documents = data.get(table, {})
            # The documents must be objects; each is checked field by field when it is read.
            if type(documents) is not dict or not set(map(type, documents.values())) <= {dict}:
                raise self.damaged(f"its part {path} holds something that is not a document")
            return documents
        raise StoreError(f"{self.paths.root} kept changing while being read; try again.")

    def damaged(self, detail: str) -> DamagedDatabase:
        return DamagedDatabase(self.paths.root, detail, self.paths.newest_backup())

    def convert(self, key: str, convert: Callable[[int, Any], _T], ident: int, doc: Any) -> _T:
        """One stored document read whole; a damaged one is reported naming its part."""
        try:
            return convert(ident, doc)
        except converters.DocumentError as error:
            raise self.part_damaged(key, error) from None

    def part_damaged(self, key: str, error: converters.DocumentError) -> DamagedDatabase:
        part = self.files.get(key)
        holder = f"{self.paths.parts / part.name} holds " if part else ""
        return self.damaged(f"{holder}{error}")

    def contact_documents(self, key: str) -> dict[str, Any]:
        docs = self.contact_docs.get(key)
        if docs is None:
            docs = self.contact_docs[key] = self.read_part(key)
        return docs

    def load_contacts(self, key: str) -> None:
        """Build every contact of one part (needed before the part can be written)."""
        if key in self.loaded:
            return
        docs = self.contact_documents(key)  # may re-read the root: bind the maps after it
        contacts, convert, ids = self.contacts, converters.contact_from_doc, set()
        try:
            for raw_id, doc in docs.items():
                ident = converters.doc_id("contacts", raw_id)
                if ident not in contacts:
                    contacts[ident] = convert(ident, doc)
                ids.add(ident)
        except converters.DocumentError as error:
            raise self.part_damaged(key, error) from None
        self.members[key] = ids
        self.contact_docs.pop(key, None)
        self.loaded.add(key)

    def load_all_contacts(self) -> None:
        whole = self.whole_contacts
        if (
            whole is not None
            and whole[0] is self.signature
            and whole[1:] == (len(self.files), len(self.members))
        ):
            return  # parts are added to these, never taken out, but by a new root
        for key in self.each_pending(self.contact_keys, lambda key: key in self.loaded):
            self.load_contacts(key)
        self.whole_contacts = (self.signature, len(self.files), len(self.members))

    def load_touches(self, key: str) -> None:
        """Build every touch of one part."""
        if key in self.loaded:
            return
        docs = self.read_part(key)  # may re-read the root: bind the maps after it
        touches, convert, ids = self.touches, converters.touch_from_doc, set()
        try:
            for raw_id, doc in docs.items():
                ident = converters.doc_id("touches", raw_id)
                touches[ident] = convert(ident, doc)
                ids.add(ident)
        except converters.DocumentError as error:
            for ident in ids:
                del touches[ident]
            raise self.part_damaged(key, error) from None
        self.members[key] = ids
        self.loaded.add(key)
        if key not in self.scans:
            self.stale.add(key)

    def all_touches(self) -> Iterable[Touch]:
        for key in self.each_pending(self.touch_keys, lambda key: key in self.loaded):
            self.load_touches(key)
        return self.touches.values()

    # ------------------------------------------------------------------------- summaries

    def scan(self, key: str) -> Scan:
        """The summary of one touch part, from its touches if built, else from its file."""
        scan = self.scans.get(key)
        if scan is not None and key not in self.stale:
            return scan
        if key in self.loaded:
            scan = scan_touches(self.touches[i] for i in self.members.get(key, ()))
        else:
            scan = scan_documents(
                self.read_part(key),
                lambda ident, doc: self.convert(key, converters.touch_from_doc, ident, doc),
            )
        self.scans[key] = scan
        self.stale.discard(key)
        if self.contact_parts is not None:
            for contact_id in scan.history:
                self.contact_parts.setdefault(contact_id, set()).add(key)
        return scan

    def all_scans(self) -> list[Scan]:
        for key in self.each_pending(
            self.touch_keys, lambda key: key in self.scans and key not in self.stale
        ):
            self.scan(key)
        return [self.scan(key) for key in sorted(self.touch_keys())]

    def parts_of_contact(self, contact_id: int) -> set[str]:
        """The touch parts holding the contact's touches: from the history index, which knows
        (unless saved by an older version), else from the summary of every part."""
        if self.contact_parts is None:
            known = self.ensure_index().parts_of(contact_id)
            if known is not None:
                return known
        self.all_scans()
        if self.contact_parts is None:
            index: dict[int, set[str]] = {}
            for key, scan in self.scans.items():
                for ident in scan.history:
                    index.setdefault(ident, set()).add(key)
            self.contact_parts = index
        return self.contact_parts.get(contact_id, set())

    def ensure_index(self) -> HistoryIndex:
        """The history index: read from its parts, or counted from the touches when there is
        none (an older database) or it does not read; then saved with the next change."""
        if self.index is None:
            index = self._read_index()
            if index is None:
                index = HistoryIndex.of(self.all_touches())
                if self.touch_keys():
                    index.everything_dirty()  # saved with the next change
                else:
                    index.saved()  # no history yet: nothing worth saving
            self.index = index
        return self.index

    def _read_index(self) -> HistoryIndex | None:
        if INDEX not in self.files:
            return None
        try:
            return HistoryIndex.from_parts(
                self.read_part(INDEX)["1"],
                (self.read_part(key) for key in sorted(self.files) if key.startswith(HISTORY)),
            )
        except (DamagedDatabase, KeyError, TypeError, ValueError, AttributeError):
            return None  # derived data: counted again from the touches, and saved again

    # ------------------------------------------------------------------------- changing

    def set_contact(self, contact_id: int, contact: Contact | None) -> None:
        key = contact_part(contact_id)
        self.changes.append(contact_id)
        if contact is None:
            self.contacts.pop(contact_id, None)
            self.members.get(key, set()).discard(contact_id)
            if self.index is not None:
                self.index.forget(contact_id)
        else:
            self.contacts[contact_id] = contact
            self.members.setdefault(key, set()).add(contact_id)
        self.histories.pop(contact_id, None)

    def set_touch(self, touch_id: int, touch: Touch | None) -> None:
        old = self.touches.pop(touch_id, None)
        if old is not None:
            self.changes.append(old.contact_id)
        if touch is not None and (old is None or old.contact_id != touch.contact_id):
            self.changes.append(touch.contact_id)
        if self.index is not None and (old is not None or touch is not None):
            self.index.replace(old, touch)
        if old is not None:
            key = touch_part(old.date)
            self.members[key].discard(touch_id)
            self.stale.add(key)
            self.histories.pop(old.contact_id, None)
        if touch is None:
            return
        key = touch_part(touch.date)
        self.touches[touch_id] = touch
        self.members.setdefault(key, set()).add(touch_id)
        self.stale.add(key)
        self.histories.pop(touch.contact_id, None)
        if self.contact_parts is not None:
            self.contact_parts.setdefault(touch.contact_id, set()).add(key)
