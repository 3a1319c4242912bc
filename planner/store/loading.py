"""Reading the root from disk: every part checked to be there and whole, older files migrated.

A root of the current schema that lists its parts is read on its own, and the parts are only
checked (there, the size the root recorded); what was read before of a part whose file did not
change is kept. Anything else (an older schema, a backup put back, a whole database in one
file) is read whole, migrated if it is older, and split into parts at the next save. A file
from a newer planner is read but never written.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planner.store import converters
from planner.store.errors import DamagedDatabase, StoreError
from planner.store.files import JSONDecodeError
from planner.store.layout import (
    HISTORY,
    INDEX,
    PART_FILE,
    PART_TABLES,
    DatabasePaths,
    PartFile,
    PartVanished,
    Signature,
    contact_part,
    current_layout,
    is_index,
    signature,
    table_of,
    touch_part,
)
from planner.store.migrations import CURRENT_SCHEMA, Tables, migrate, schema_of
from planner.store.storage import FileShapeError, read_tables

if TYPE_CHECKING:
    from planner.store.contents import Contents


class Damage(ValueError):
    """The files are there but do not add up to a database."""


def load(contents: Contents) -> None:
    """(Re-)read the root from disk. Parts are checked to be there and whole; those read
    before are read again only if their file changed."""
    paths = contents.paths
    for _ in range(20):
        try:
            found = signature(paths.root)
            if found is None:
                contents.clear()
                return
            root = read_tables(paths.root)
            if root is None:
                raise PartVanished()
            meta = lazy_meta(root)
            if meta is None:
                found, data = read_disk(paths, (found, root))
                _install_whole(contents, found, data)
            else:
                _install_lazy(contents, found, root, meta)
        except PartVanished:
            continue
        except (JSONDecodeError, FileShapeError, Damage) as error:
            raise DamagedDatabase(paths.root, str(error), paths.newest_backup()) from None
        except OSError as error:
            raise StoreError(f"Could not read {paths.root}: {error.strerror or error}.") from error
        return
    raise StoreError(f"{paths.root} kept changing while being read; try again.")


def lazy_meta(root: Tables) -> dict[str, Any] | None:
    """The root's meta when its parts can be read one by one: a root of the current schema
    that lists its parts and its next ids and holds no contacts or touches itself. Anything
    else (an old file, a backup put back, a newer schema) is read whole, as before."""
    meta = root.get("meta", {}).get("1")
    if not isinstance(meta, dict) or meta.get("schema") != CURRENT_SCHEMA:
        return None
    if not isinstance(meta.get("parts"), dict) or not isinstance(meta.get("next_id"), dict):
        return None
    if not current_layout(str(key) for key in meta["parts"]):
        return None
    if any(root.get(table) for table in PART_TABLES):
        return None
    return meta


def read_disk(
    paths: DatabasePaths, known: tuple[Signature, Tables] | None = None
) -> tuple[Signature | None, Tables]:
    """The database's logical content as on disk: root tables with every part merged in.
    `known`: the root's signature and tables, just read (a whole file is not read twice)."""
    found: Signature | None
    if known is not None:
        found, root = known
    else:
        found = signature(paths.root)
        if found is None:
            return None, {}
        read = read_tables(paths.root)
        if read is None:
            raise PartVanished()
        root = read
    data: Tables = {name: dict(table) for name, table in root.items()}
    meta = data.get("meta", {}).get("1", {})
    parts = meta.get("parts", {}) if isinstance(meta, dict) else {}
    if not isinstance(parts, dict):
        raise Damage("its list of parts is not an object")
    for key, name in sorted(parts.items()):
        if is_index(key):
            continue  # derived from the touches: not part of the content
        table = table_of(str(key))
        if table not in PART_TABLES or not isinstance(name, str) or not PART_FILE.match(name):
            raise Damage(f"it names an unknown part {key!r:.40}")
        try:
            part = read_tables(paths.parts / name)
        except (JSONDecodeError, FileShapeError) as error:
            raise Damage(f"its part {paths.parts / name} is damaged ({error})") from None
        if part is None:
            if signature(paths.root) != found:
                raise PartVanished()
            raise Damage(f"its part {paths.parts / name} is missing")
        data.setdefault(table, {}).update(part.get(table, {}))
    return found, data


def _install_lazy(contents: Contents, found: Signature, root: Tables, meta: dict[str, Any]) -> None:
    """Take in a root that lists its parts: check the parts, read none of them, and keep
    what was read before of parts whose file is still the same."""
    paths = contents.paths
    sizes: dict[str, Any] = meta["sizes"] if isinstance(meta.get("sizes"), dict) else {}
    files: dict[str, PartFile] = {}
    index_broken = False
    for key, name in sorted(meta["parts"].items()):
        table = table_of(str(key))
        if (
            table not in (*PART_TABLES, INDEX, HISTORY)
            or not isinstance(name, str)
            or not PART_FILE.match(name)
            or not name.startswith(f"{key}.")
        ):
            raise Damage(f"it names an unknown part {key!r:.40}")
        path = paths.parts / name
        try:
            stat = path.stat()
        except FileNotFoundError:
            if signature(paths.root) != found:
                raise PartVanished() from None
            if is_index(key):
                index_broken = True  # derived data: counted again from the touches
                continue
            raise Damage(f"its part {path} is missing") from None
        expected = sizes.get(key)
        if is_index(key) and expected != stat.st_size:
            index_broken = True  # derived data changed since it was written: counted again
            continue
        if isinstance(expected, int) and expected != stat.st_size:
            # Cut short, overwritten, or edited by hand: read it now to tell which.
            problem = _what_is_wrong(path, table)
            if problem is not None:
                raise Damage(problem)
        files[key] = PartFile(name, stat.st_size, (stat.st_ino, stat.st_size, stat.st_mtime_ns))
    if index_broken:  # the whole index is counted again, and saved under new names
        files = {key: part for key, part in files.items() if not is_index(key)}
    index = contents.index
    old_files, loaded, members = contents.files, contents.loaded, contents.members
    contacts, touches, contact_docs = contents.contacts, contents.touches, contents.contact_docs
    scans, stale = contents.scans, contents.stale
    contents.clear()
    contents.schema = CURRENT_SCHEMA
    try:
        _build(contents, root, meta)
    except (converters.DocumentError, ValueError, TypeError, AttributeError) as error:
        contents.clear()
        raise DamagedDatabase(paths.root, str(error), paths.newest_backup()) from None
    contents.signature = found
    contents.split = True
    contents.files = files
    # Index parts found broken are left out: counted again when needed, saved anew.
    contents.part_files = {key: part.name for key, part in files.items()}
    stored: dict[str, Any] = meta["sums"] if isinstance(meta.get("sums"), dict) else {}
    contents.part_sums = {
        part.name: stored[key] for key, part in files.items() if isinstance(stored.get(key), str)
    }
    same = {
        key
        for key, part in files.items()
        if (old := old_files.get(key)) is not None
        and old.name == part.name
        and old.stat == part.stat
    }
    for key in same:
        if key in loaded:
            contents.loaded.add(key)
            contents.members[key] = set(members.get(key, ()))
            source = contacts if key.startswith("contacts") else touches
            target: dict[int, Any] = (
                contents.contacts if key.startswith("contacts") else contents.touches
            )
            for ident in contents.members[key]:
                target[ident] = source[ident]
        if key in contact_docs:
            contents.contact_docs[key] = contact_docs[key]
        if key in scans and key not in stale:
            contents.scans[key] = scans[key]
    for ident, contact in contacts.items():
        key = contact_part(ident)
        if key in same and key not in loaded:
            contents.contacts[ident] = contact
    index_keys = {key for key in files if is_index(key)}
    old_index_keys = {key for key in old_files if is_index(key)}
    if (
        index is not None
        and index_keys
        and index_keys == old_index_keys
        and index_keys <= same
        and not index.unsaved
    ):
        contents.index = index


def _install_whole(contents: Contents, found: Signature | None, data: Tables) -> None:
    """Take in a database read whole: migrated if older, read-only if newer."""
    paths = contents.paths
    contents.clear()
    contents.signature = found
    if found is None:
        return
    try:
        version = schema_of(data)
    except ValueError as error:
        raise DamagedDatabase(paths.root, str(error), paths.newest_backup()) from None
    contents.schema = version
    if version > CURRENT_SCHEMA:
        newest = paths.newest_backup()
        contents.newer_reason = (
            f"it was written by a newer planner (schema {version}; this one knows up to "
            f"{CURRENT_SCHEMA}), so it is never rewritten here; update planner to change it"
            + ("" if newest is None else f" (the newest backup is {newest})")
        )
    elif version < CURRENT_SCHEMA:
        data = migrate(data)
        contents.rewrite_all = True
    meta = data.get("meta", {}).get("1", {})
    try:
        _build(contents, data, meta)
    except (converters.DocumentError, ValueError, TypeError, AttributeError) as error:
        contents.clear()
        if version > CURRENT_SCHEMA:
            newest = paths.newest_backup()
            raise StoreError(
                f"{paths.root} was written by a newer planner (schema {version}) and this "
                "version cannot read it; update planner. The file was not changed. "
                + (
                    "There is no backup of it yet."
                    if newest is None
                    else f"The newest backup is {newest}."
                )
            ) from None
        detail = str(error)
        if isinstance(error, converters.DocumentError):
            holder = _holder(paths, meta, error.table, error.doc_id)
            if holder is not None:
                detail = f"{holder} holds {detail}"
        raise DamagedDatabase(paths.root, detail, paths.newest_backup()) from None
    contents.signature = found
    contents.files = {key: PartFile(name) for key, name in contents.part_files.items()}
    contents.loaded = set(contents.files) | set(contents.members)


def _build(contents: Contents, data: Tables, meta: dict[str, Any]) -> None:
    parts = meta.get("parts", {})
    contents.split = isinstance(meta.get("parts"), dict)
    contents.part_files = {str(key): str(name) for key, name in parts.items()}
    contents.generation = converters.whole(meta.get("generation", 0), "its generation")
    if any(data.get(name) for name in PART_TABLES) and not parts:
        contents.rewrite_all = True  # a bundle (backup) or an old single file: split it up
    if not current_layout(contents.part_files):
        contents.rewrite_all = True  # parts cut the older way: cut them again
    settings_doc = data.get("settings", {}).get("1")
    if settings_doc is not None:
        contents.settings = converters.settings_from_doc(settings_doc)
    doc_id = converters.doc_id
    for key, doc in data.get("blocks", {}).items():
        block = converters.block_from_doc(doc_id("blocks", key), doc)
        contents.blocks[block.id] = block
    for key, doc in data.get("goals", {}).items():
        goal = converters.goal_from_doc(doc_id("goals", key), doc)
        contents.goals[goal.id] = goal
    for key, doc in data.get("calendars", {}).items():
        calendar = converters.calendar_from_doc(doc_id("calendars", key), doc)
        contents.calendars[calendar.id] = calendar
    for key, doc in data.get("contacts", {}).items():
        ident = doc_id("contacts", key)
        contents.set_contact(ident, converters.contact_from_doc(ident, doc))
    # Every touch of a whole file, put in its month as `set_touch` would (a backup holds
    # five years of them: the months of its days are worked out once each).
    touches, members = contents.touches, contents.members
    months: dict[date, str] = {}
    for key, doc in data.get("touches", {}).items():
        ident = doc_id("touches", key)
        touch = converters.touch_from_doc(ident, doc)
        if ident in touches or contents.index is not None:
            contents.set_touch(ident, touch)
            continue
        month = months.get(touch.date)
        if month is None:
            month = months[touch.date] = touch_part(touch.date)
        touches[ident] = touch
        held = members.get(month)
        if held is None:
            held = members[month] = set()
        held.add(ident)
    contents.stale.update(months.values())
    stored_next = meta.get("next_id", {})
    if not isinstance(stored_next, dict):
        raise ValueError("its next ids are not an object")
    for table, present in (
        ("contacts", contents.contacts),
        ("touches", contents.touches),
        ("blocks", contents.blocks),
        ("goals", contents.goals),
        ("calendars", contents.calendars),
    ):
        stored = converters.whole(stored_next.get(table, 1), f"its next {table} id")
        contents.next_id[table] = max(stored, max(present, default=0) + 1)


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


def _holder(paths: DatabasePaths, meta: Any, table: str, doc_id: object) -> Path | None:
    """The part file holding document `doc_id` of `table` (None for root tables, or when it
    cannot be told): to name it in a message about that document."""
    parts = meta.get("parts") if isinstance(meta, dict) else None
    if table not in PART_TABLES or not isinstance(parts, dict):
        return None
    for key, name in sorted(parts.items()):
        if table_of(str(key)) != table or not PART_FILE.match(str(name)):
            continue
        try:
            part = read_tables(paths.parts / str(name))
        except (OSError, ValueError):
            continue
        if part is not None and str(doc_id).strip("'") in part.get(table, {}):
            return paths.parts / str(name)
    return None
