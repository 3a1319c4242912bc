"""The on-disk layout: where the root, its parts, the lock and the backups live, and their names.

Beside the root file `planner.json`:

    planner.json            TinyDB root: meta (schema, generation, part map, next ids),
                            settings, blocks, goals
    planner.parts/          TinyDB parts: contacts in runs of 100 ids, touches by month, the
                            history index; each named `<part>.<generation>.json` and never
                            rewritten in place
    planner.json.lock       the write lock
    backups/                a whole copy of the database before the first write of each day
    planner.calendars/      the local copies of the user's calendars (deletable without loss)
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

#: Contacts per part file: small parts let the week screen read the few contacts it shows
#: without reading the whole network.
CONTACTS_PER_PART = 100

#: The tables kept in parts rather than in the root.
PART_TABLES = ("contacts", "touches")
PART_FILE = re.compile(r"^(contacts-\d{4,}|touches-\d{4}-\d{2}|index|history-\d{5,})\.(\d+)\.json$")
_CONTACT_KEY = re.compile(r"^contacts-\d{5,}$")
#: The parts that index the touch history (see `planner.store.index`): `index` holds the open
#: touches, follow-ups and copies; `history-NNNNN` each contact's last touches, a hundred
#: contacts a part like the contacts themselves, so that a check-off rewrites a few hundred bytes.
INDEX = "index"
HISTORY = "history"


def contact_part(contact_id: int) -> str:
    return f"contacts-{contact_id // CONTACTS_PER_PART:05d}"


def touch_part(day: date) -> str:
    return f"touches-{day.year:04d}-{day.month:02d}"


def history_part(contact_id: int) -> str:
    return f"{HISTORY}-{contact_id // CONTACTS_PER_PART:05d}"


def is_index(key: str) -> bool:
    """True for the parts of the history index (derived data, counted again when lost)."""
    return key == INDEX or key.startswith(HISTORY)


def table_of(key: str) -> str:
    """The table a part holds: `contacts-00012` holds contacts."""
    return key.split("-")[0]


def current_layout(keys: Iterable[str]) -> bool:
    """True if every contact part is cut the way this version cuts them (an older database
    kept 1,000 contacts a part, named with four digits)."""
    return all(_CONTACT_KEY.match(key) for key in keys if key.startswith("contacts"))


@dataclass(frozen=True, slots=True)
class DatabasePaths:
    """Where the root file's companions live: all beside it, in the same folder."""

    root: Path

    @classmethod
    def of(cls, path: Path | str) -> DatabasePaths:
        """The paths of the database at `path`, a symbolic link followed to the real file (a
        database linked into a synced folder keeps its parts, lock and backups beside the
        real file, where they were made)."""
        return cls(Path(os.path.realpath(Path(path).expanduser())))

    @property
    def folder(self) -> Path:
        return self.root.parent

    @property
    def parts(self) -> Path:
        return self.folder / f"{self.root.stem}.parts"

    @property
    def calendars(self) -> Path:
        """The local copies of the user's calendars (`planner.calendars/`): deleting the
        folder loses nothing, the calendars are read again."""
        return self.folder / f"{self.root.stem}.calendars"

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

    def newest_backup(self) -> Path | None:
        backups = self.list_backups()
        return backups[0] if backups else None

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


Signature = tuple[int, int, int, bytes]
#: How much of the root the signature reads: all of an ordinary root (a few kB even for a
#: large network); the start of a whole database in one file, whose first bytes hold the
#: generation, the next ids and the parts, which every save changes.
_SIGNED_BYTES = 1 << 20


def signature(path: Path) -> Signature | None:
    """Changes whenever the root is saved (None when there is no root). Inode, size and time
    alone do not: where file times are coarse, two saves in one clock tick can leave the same
    size and time on an inode number handed out again; so the root's content is part of it."""
    try:
        with open(path, "rb") as handle:
            stat = os.fstat(handle.fileno())
            head = handle.read(_SIGNED_BYTES)
    except FileNotFoundError:
        return None
    digest = hashlib.blake2b(head, digest_size=16).digest()
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns, digest)


def checksum(raw: bytes) -> str:
    """The checksum the root keeps of each part file it names."""
    return hashlib.blake2b(raw, digest_size=16).hexdigest()


class PartVanished(Exception):
    """A part disappeared while reading: another process committed meanwhile."""


@dataclass(slots=True)
class PartFile:
    """A part as the root names it, and what its file looked like when it was read."""

    name: str
    size: int | None = None
    stat: tuple[int, int, int] | None = None

    @classmethod
    def of(cls, path: Path) -> PartFile:
        stat = path.stat()
        return cls(path.name, stat.st_size, (stat.st_ino, stat.st_size, stat.st_mtime_ns))
