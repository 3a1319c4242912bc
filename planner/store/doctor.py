"""Checking a database and putting a backup back: what `planner doctor` and `planner restore` do.

`check_database` reads the root and every part it lists without changing anything, runs every
document through the converters, checks that documents sit in the right part and point at
things that exist, notes leftovers of interrupted saves, and describes each backup (when it
was taken, its size, what it holds and whether it loads). It never stops at the first
problem and never raises for a damaged file: it reports.

`restore_backup` puts a backup back under the write lock. It checks first that the backup
loads; it keeps the database it replaces (the root under a second name, the parts folder
renamed beside it), never deleting anything; then writes the backup as the new root.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock

from planner.store import converters
from planner.store.commit import LOCK_TIMEOUT
from planner.store.errors import DamagedDatabase, LockTimeout, StoreError, WriteFailed
from planner.store.files import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    UNSUPPORTED,
    JSONDecodeError,
    atomic_write,
    decode,
    encode,
)
from planner.store.index import index_document
from planner.store.layout import HISTORY, INDEX, PART_FILE, DatabasePaths, contact_part, touch_part
from planner.store.migrations import CURRENT_SCHEMA, migrate, schema_of
from planner.store.storage import FileShapeError, check_shape
from planner.store.store import Store

#: How many problems one file may add to a report before the rest are counted only.
PER_FILE = 20
_KNOWN_TABLES = frozenset(
    {"meta", "settings", "blocks", "goals", "calendars", "contacts", "touches"}
)
_PART_NAME = PART_FILE
_TAKEN = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.json$")


@dataclass(frozen=True, slots=True)
class Counts:
    contacts: int
    touches: int
    blocks: int
    goals: int

    @classmethod
    def of(cls, store: Store) -> Counts:
        return cls(len(store.contacts), store.touch_count, len(store.blocks), len(store.goals))

    def __str__(self) -> str:
        return (
            f"{self.contacts:,} contacts, {self.touches:,} touches, "
            f"{self.blocks:,} blocks, {self.goals:,} goals"
        )

    def as_json(self) -> dict[str, int]:
        return {
            "contacts": self.contacts,
            "touches": self.touches,
            "blocks": self.blocks,
            "goals": self.goals,
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found, with the file it is about (None when it is about no single file)."""

    file: Path | None
    message: str

    def __str__(self) -> str:
        return self.message if self.file is None else f"{self.file}: {self.message}"

    def as_json(self) -> dict[str, Any]:
        return {"file": None if self.file is None else str(self.file), "message": self.message}


@dataclass(frozen=True, slots=True)
class BackupInfo:
    path: Path
    taken: datetime | None
    size: int
    loads: bool
    schema: int | None = None
    counts: Counts | None = None
    problem: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "name": self.path.name,
            "taken": None if self.taken is None else self.taken.isoformat(),
            "size": self.size,
            "loads": self.loads,
            "schema": self.schema,
            "counts": None if self.counts is None else self.counts.as_json(),
            "problem": self.problem,
        }


@dataclass
class Checkup:
    """What `check_database` found. Healthy means: no problems (notes are not problems)."""

    database: Path
    exists: bool = False
    newer: bool = False  # written by a newer planner: read-only here, not to be restored over
    schema: int | None = None
    parts: int = 0
    counts: Counts | None = None
    problems: list[Finding] = field(default_factory=list)
    notes: list[Finding] = field(default_factory=list)
    backups: list[BackupInfo] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems

    def as_json(self) -> dict[str, Any]:
        return {
            "database": str(self.database),
            "exists": self.exists,
            "healthy": self.healthy,
            "newer": self.newer,
            "schema": self.schema,
            "parts": self.parts,
            "counts": None if self.counts is None else self.counts.as_json(),
            "problems": [finding.as_json() for finding in self.problems],
            "notes": [finding.as_json() for finding in self.notes],
            "backups": [backup.as_json() for backup in self.backups],
        }


# --------------------------------------------------------------------------------- checking


def check_database(path: Path | str) -> Checkup:
    """Everything wrong with the database at `path`, and its backups; changes nothing."""
    paths = DatabasePaths.of(path)
    report = Checkup(database=paths.root)
    report.backups = [describe_backup(backup) for backup in paths.list_backups()]
    _note_leftovers(paths, report)
    if not paths.root.exists():
        _check_missing_root(paths, report)
        return report
    report.exists = True
    for _ in range(5):
        attempt = Checkup(database=paths.root)
        root_before = _stat(paths.root)
        checker = _Checker(paths, attempt)
        try:
            checker.run()
        except OSError as error:
            attempt.problems.append(
                Finding(paths.root, f"cannot be read: {error.strerror or error}")
            )
        if _stat(paths.root) == root_before:
            break  # nobody saved meanwhile; otherwise a part may have gone: read again
    report.schema, report.parts = attempt.schema, attempt.parts
    report.problems.extend(attempt.problems)
    report.notes.extend(attempt.notes)
    if report.problems:
        return report
    # The final word is the store's own: doctor must never call healthy what it cannot open.
    try:
        store = Store.open(paths.root, read_only=True)
    except StoreError as error:
        detail = error.detail if isinstance(error, DamagedDatabase) else error.message
        report.problems.append(Finding(paths.root, detail))
        return report
    if checker.counted and store.newer_reason is None:
        # Every document was read above: count them, rather than reading them all again.
        report.counts = Counts(
            len(checker.contacts), len(checker.touches), len(store.blocks), len(store.goals)
        )
    else:
        report.counts = Counts.of(store)
    if store.newer_reason is not None:
        report.newer = True
        report.problems.append(Finding(paths.root, store.newer_reason))
    return report


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_ino, stat.st_size, stat.st_mtime_ns)


def _check_missing_root(paths: DatabasePaths, report: Checkup) -> None:
    blocked = next((folder for folder in paths.root.parents if folder.exists()), None)
    if blocked is not None and not blocked.is_dir():
        report.problems.append(
            Finding(paths.root, f"cannot be made: {blocked} is a file, not a folder")
        )
        return
    parts = _part_files(paths.parts)
    if parts or report.backups:
        held = f"{paths.parts} holds {len(parts)} part file(s)" if parts else ""
        kept = f"there are {len(report.backups)} backup(s)" if report.backups else ""
        report.problems.append(
            Finding(
                paths.root,
                f"is missing, but {' and '.join(filter(None, (held, kept)))}: it was moved or "
                "deleted. Put it back, or restore a backup",
            )
        )
    else:
        report.notes.append(Finding(paths.root, "does not exist yet; the first change makes it"))


def _part_files(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(entry for entry in folder.iterdir() if _PART_NAME.match(entry.name))


def _note_leftovers(paths: DatabasePaths, report: Checkup) -> None:
    for folder in (paths.folder, paths.parts, paths.backups):
        if not folder.is_dir():
            continue
        for entry in sorted(folder.iterdir()):
            if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                report.notes.append(
                    Finding(entry, "left by an interrupted save; removed at the next start")
                )
    if paths.folder.is_dir():
        for entry in sorted(paths.folder.iterdir()):
            for original in (paths.root, paths.parts):
                if entry.name.startswith(f"{original.name}.replaced-"):
                    report.notes.append(
                        Finding(entry, "an earlier database, kept aside; delete it when sure")
                    )


class _Checker:
    """One pass over the root and its parts, collecting problems instead of stopping."""

    def __init__(self, paths: DatabasePaths, report: Checkup) -> None:
        self.paths = paths
        self.report = report
        self.contacts: dict[int, Any] = {}
        self.touches: dict[int, Any] = {}
        self.blocks: set[int] = set()
        self.calendars: dict[int, Any] = {}
        self.where: dict[tuple[str, int], Path] = {}
        #: True once every contact and touch was read (and so can be counted).
        self.counted = False

    def problem(self, file: Path | None, message: str) -> None:
        self.report.problems.append(Finding(file, message))

    def run(self) -> None:
        root = self._read(self.paths.root)
        if root is None:
            return
        try:
            self.report.schema = version = schema_of(root)
        except ValueError as error:
            self.problem(self.paths.root, str(error))
            return
        if version > CURRENT_SCHEMA:
            parts = root.get("meta", {}).get("1", {}).get("parts")
            self.report.parts = len(parts) if isinstance(parts, dict) else 0
            return  # the store's own check below says it; this version cannot judge the shapes
        if version < CURRENT_SCHEMA:
            # Every older schema is a single file: check it in the shape it will be saved in.
            self.report.notes.append(
                Finding(
                    self.paths.root,
                    f"written by an older planner (schema {version}); brought up to date at "
                    "the next save, after a backup",
                )
            )
            root = migrate(root)
        meta = root.get("meta", {}).get("1", {})
        self._check_meta(meta)
        self._check_tables(self.paths.root, root, allowed=_KNOWN_TABLES)
        parts = meta.get("parts", {}) if isinstance(meta, dict) else {}
        if isinstance(parts, dict):
            self.report.parts = len(parts)
            for key, name in sorted(parts.items()):
                if not str(key).startswith((INDEX, HISTORY)):
                    self._check_part(str(key), name)
            self._note_unnamed(set(map(str, parts.values())), bool(meta.get("parts")))
            if INDEX in parts:
                self._check_index(
                    {str(k): v for k, v in parts.items() if str(k).startswith((INDEX, HISTORY))}
                )
        self._check_references()
        self._check_calendars()
        self.counted = True

    def _check_calendars(self) -> None:
        """Calendars are found by name, and one at most receives the week."""
        seen: dict[str, int] = {}
        for ident, calendar in sorted(self.calendars.items()):
            key = calendar.name.casefold()
            if key in seen:
                self.problem(
                    self.paths.root,
                    f"calendars {seen[key]} and {ident} are both named '{calendar.name}'; "
                    "remove one with `planner calendars remove` or restore a backup",
                )
            seen.setdefault(key, ident)
        publishing = sorted(ident for ident, each in self.calendars.items() if each.source.publish)
        if len(publishing) > 1:
            self.problem(
                self.paths.root,
                f"calendars {', '.join(map(str, publishing))} all receive the week, and only "
                "one may; remove all but one with `planner calendars remove`",
            )

    def _check_index(self, parts: dict[str, object]) -> None:
        """The history index must say what the touches say: planning reads it alone."""
        found: dict[str, Any] = {"history": {}}
        for key, name in sorted(parts.items()):
            if not (isinstance(name, str) and _PART_NAME.match(name) and name.startswith(key)):
                self.problem(self.paths.root, f"names an unknown index part {name!r:.60}")
                return
            data = self._read(self.paths.parts / name)
            if data is None:
                return
            if key == INDEX:
                table = data.get(INDEX)
                found.update(table.get("1", {}) if isinstance(table, dict) else {})
            elif isinstance(data.get(HISTORY), dict):
                found["history"].update(data[HISTORY])
        expected = index_document(self.touches.values())
        if "months" not in found:  # saved before the index kept each contact's months
            del expected["months"]
            for doc in expected["history"].values():
                doc.pop("m", None)
            expected["history"] = {key: doc for key, doc in expected["history"].items() if doc["n"]}
        if found != expected:
            self.problem(
                self.paths.parts / str(parts[INDEX]),
                "the history index does not match the touches (edited by hand?), and planning "
                "reads it: delete the index and history files of this folder (planner counts "
                "them again from the touches) or restore a backup",
            )

    def _read(self, path: Path) -> dict[str, Any] | None:
        try:
            raw = path.read_bytes()
        except FileNotFoundError:
            self.problem(path, "is missing")
            return None
        try:
            data = decode(raw)
            check_shape(data)
        except (JSONDecodeError, FileShapeError) as error:
            size = f"{len(raw):,} bytes" if raw else "empty"
            self.problem(path, f"is not a database file ({size}): {error}")
            return None
        assert isinstance(data, dict)
        return data

    def _check_meta(self, meta: Any) -> None:
        root = self.paths.root
        if not isinstance(meta, dict):
            return
        if "parts" in meta and not isinstance(meta["parts"], dict):
            self.problem(root, "its list of parts is not an object")
        generation = meta.get("generation", 0)
        if isinstance(generation, bool) or not isinstance(generation, int) or generation < 0:
            self.problem(root, f"its generation {generation!r:.40} is not a whole number")
        next_id = meta.get("next_id", {})
        if not isinstance(next_id, dict):
            self.problem(root, "its next ids are not an object")

    def _check_tables(
        self, file: Path, data: dict[str, Any], allowed: Iterable[str]
    ) -> list[tuple[int, Any]]:
        """Check every document of a file; the ids and values of those that read."""
        allowed = set(allowed)
        problems = 0
        held: list[tuple[int, Any]] = []
        for table, documents in data.items():
            if table not in allowed:
                if documents:
                    what = (
                        "does not belong in this file"
                        if table in _KNOWN_TABLES
                        else ("planner does not use")
                    )
                    self.problem(
                        file,
                        f"holds a table '{table:.40}' that {what} "
                        f"({len(documents):,} documents); the next save would drop it",
                    )
                continue
            convert = _CONVERTERS.get(table)
            if convert is None:
                continue
            # Contacts and touches (hundreds of thousands) are remembered here, inline.
            found = self.contacts if table == "contacts" else self.touches
            where, doc_id = self.where, converters.doc_id
            for key, document in documents.items():
                try:
                    ident = doc_id(table, key) if table != "settings" else 1
                    value = convert(ident, document)
                except (converters.DocumentError, ValueError, TypeError, AttributeError) as error:
                    problems += 1
                    if problems <= PER_FILE:
                        self.problem(file, str(error))
                    continue
                if table == "contacts" or table == "touches":
                    seen = where.get((table, ident))
                    if seen is not None and seen != file:
                        self.problem(file, f"{table} document {ident} is also in {seen}")
                    where[(table, ident)] = file
                    found[ident] = value
                elif table == "blocks":
                    self.blocks.add(ident)
                elif table == "calendars":
                    self.calendars[ident] = value
                held.append((ident, value))
        if problems > PER_FILE:
            self.problem(file, f"and {problems - PER_FILE:,} more damaged documents")
        return held

    def _check_part(self, key: str, name: object) -> None:
        table = key.split("-")[0]
        if table not in ("contacts", "touches") or not (
            isinstance(name, str) and _PART_NAME.match(name) and name.startswith(key + ".")
        ):
            self.problem(self.paths.root, f"names an unknown part {key!r:.40}: {name!r:.60}")
            return
        path = self.paths.parts / name
        data = self._read(path)
        if data is None:
            return
        held = self._check_tables(path, data, allowed={table})
        if table == "contacts":
            misplaced = [ident for ident, _ in held if contact_part(ident) != key]
        else:
            months = {value.date for _, value in held}
            wrong = {day for day in months if touch_part(day) != key}
            misplaced = [ident for ident, value in held if value.date in wrong]
        if misplaced:
            self.problem(
                path,
                f"holds {table} {', '.join(map(str, misplaced[:10]))} that belong in another part",
            )

    def _note_unnamed(self, named: set[str], split: bool) -> None:
        for path in _part_files(self.paths.parts):
            if path.name in named:
                continue
            if split:
                note = "no longer named by the root (an interrupted save); removed at next start"
            else:
                note = "not named by the root; set aside at the next save, never deleted"
            self.report.notes.append(Finding(path, note))

    def _check_references(self) -> None:
        root = self.paths.root
        dangling = sorted(
            (touch.id, touch.contact_id)
            for touch in self.touches.values()
            if touch.contact_id not in self.contacts
        )
        for touch_id, contact_id in dangling[:PER_FILE]:
            self.problem(
                self.where.get(("touches", touch_id), root),
                f"touch {touch_id} is with contact {contact_id}, who does not exist",
            )
        if len(dangling) > PER_FILE:
            self.problem(None, f"and {len(dangling) - PER_FILE:,} more touches without a contact")
        for contact in sorted(self.contacts.values(), key=lambda contact: contact.id):
            if contact.referred_by is not None and contact.referred_by not in self.contacts:
                self.problem(
                    self.where.get(("contacts", contact.id), root),
                    f"contact {contact.id} was referred by contact {contact.referred_by}, "
                    "who does not exist",
                )
        for touch in sorted(self.touches.values(), key=lambda touch: touch.id):
            if touch.origin_id is not None and touch.origin_id not in self.touches:
                self.report.notes.append(
                    Finding(
                        self.where.get(("touches", touch.id), root),
                        f"touch {touch.id} was carried over from touch {touch.origin_id}, "
                        "which is gone",
                    )
                )


_CONVERTERS: dict[str, Callable[[int, Any], Any]] = {
    "contacts": converters.contact_from_doc,
    "touches": converters.touch_from_doc,
    "blocks": converters.block_from_doc,
    "goals": converters.goal_from_doc,
    "calendars": converters.calendar_from_doc,
    "settings": lambda ident, doc: converters.settings_from_doc(doc),
}


def describe_backup(path: Path) -> BackupInfo:
    """When a backup was taken, how big it is, what it holds and whether it loads."""
    match = _TAKEN.search(path.name)
    taken = None if match is None else datetime.strptime(match.group(1), "%Y%m%d-%H%M%S")
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    try:
        store = Store.open(path, read_only=True)
    except StoreError as error:
        detail = error.detail if isinstance(error, DamagedDatabase) else error.message
        return BackupInfo(path, taken, size, loads=False, problem=detail)
    schema = store.schema
    if store.newer_reason is not None:
        return BackupInfo(
            path, taken, size, loads=False, schema=schema, problem="written by a newer planner"
        )
    return BackupInfo(path, taken, size, loads=True, schema=schema, counts=Counts.of(store))


# -------------------------------------------------------------------------------- restoring


@dataclass(frozen=True, slots=True)
class Restored:
    database: Path
    backup: Path
    counts: Counts
    kept: tuple[Path, ...]  # what the restore set aside: the old root and its parts folder


def find_backup(database: Path | str, name: str) -> Path:
    """`name` as a path, or as the name of a file in the database's backups folder."""
    given = Path(name).expanduser()
    if given.is_file():
        return given.absolute()
    paths = DatabasePaths.of(database)
    inside = paths.backups / given.name
    if given.name == name and inside.is_file():
        return inside
    raise StoreError(
        f"There is no backup {name}; `planner --db {paths.root} doctor` lists the backups."
    )


def restore_backup(
    database: Path | str,
    backup: Path | str,
    *,
    lock_timeout: float = LOCK_TIMEOUT,
    clock: Callable[[], datetime] = datetime.now,
) -> Restored:
    """Make the backup at `backup` the database at `database`, keeping what it replaces.

    Nothing changes unless the backup loads. Under the write lock: the current root gets a
    second name `<root>.replaced-YYYYmmdd-HHMMSS`, the backup's bytes become the root in one
    atomic replace, and the parts folder is renamed to `<parts>.replaced-...`. If the write
    fails, the second name is removed and nothing else has changed.
    """
    paths = DatabasePaths.of(database)
    source = Path(backup).expanduser().absolute()
    if source == paths.root:
        raise StoreError(f"{source} is the database itself, not a backup of it.")
    try:
        raw = source.read_bytes()
    except OSError as error:
        raise StoreError(f"Could not read {source}: {error.strerror or error}.") from None
    try:
        restored = Store.open(source, read_only=True)
    except StoreError as error:
        detail = error.detail if isinstance(error, DamagedDatabase) else error.message
        raise StoreError(
            f"{source} cannot be restored: it cannot be read either ({detail}). Nothing was "
            f"changed; `planner --db {paths.root} doctor` shows which backups load."
        ) from None
    if restored.newer_reason is not None:
        raise StoreError(
            f"{source} cannot be restored: it was written by a newer planner. Nothing was changed."
        )

    lock = filelock.FileLock(str(paths.lock), timeout=lock_timeout)
    try:
        paths.folder.mkdir(parents=True, exist_ok=True)
        lock.acquire()
    except filelock.Timeout:
        raise LockTimeout(paths.root, lock_timeout) from None
    except OSError as error:
        raise WriteFailed(paths.lock, error) from error
    try:
        raw = _keep_ids_unused(raw, paths.root)
        return _put_back(paths, source, raw, Counts.of(restored), clock())
    finally:
        lock.release()


def _keep_ids_unused(raw: bytes, root: Path) -> bytes:
    """The backup with its next ids raised to the replaced database's, when that one can be
    read: ids handed out after the backup was taken are never handed out again."""
    try:
        current = decode(root.read_bytes())["meta"]["1"]["next_id"]
        data = decode(raw)
        meta = data["meta"]["1"]
        ids = meta.setdefault("next_id", {})
        raised = False
        for table, value in current.items():
            if isinstance(value, int) and not isinstance(value, bool) and value > ids.get(table, 1):
                ids[table] = value
                raised = True
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return raw
    return encode(data) if raised else raw


def _put_back(
    paths: DatabasePaths, source: Path, raw: bytes, counts: Counts, moment: datetime
) -> Restored:
    """Keep the old root under a second name, replace the root with the backup, then rename
    the old parts folder aside. A crash between any two steps leaves a database that opens:
    the old one, or the restored one (the restored root names no parts; a parts folder left
    beside it is set aside at the next save, never deleted)."""
    kept: list[Path] = []
    kept_root: Path | None = None
    try:
        if paths.root.exists():
            kept_root = _second_name(paths, paths.root, moment)
            kept.append(kept_root)
        atomic_write(paths.root, raw, sync_dir=True)
    except OSError as error:
        if kept_root is not None:
            kept_root.unlink()
        raise WriteFailed(paths.root, error) from error
    if paths.parts.exists():
        try:
            kept.append(paths.set_aside(paths.parts, moment))
        except OSError:
            pass  # unnamed by the restored root: set aside at the next save instead
    return Restored(database=paths.root, backup=source, counts=counts, kept=tuple(kept))


def _second_name(paths: DatabasePaths, path: Path, moment: datetime) -> Path:
    """Keep the file at `path` under `<name>.replaced-...` as well (a hard link, else a copy)."""
    target = paths.aside_name(path, moment)
    try:
        os.link(path, target)
    except OSError as error:
        if error.errno not in UNSUPPORTED:
            raise
        shutil.copy2(path, target)  # a filesystem without hard links
        with open(target, "rb+") as handle:
            os.fsync(handle.fileno())
    return target
