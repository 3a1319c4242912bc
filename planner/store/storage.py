"""The TinyDB storage behind every database file: strict JSON in, atomic replace out.

TinyDB's stock `JSONStorage` rewrites its file in place on every write, so a crash can leave
half a file. `AtomicJSONStorage` keeps the document in memory while TinyDB works on it and puts
it on disk in one `atomic_write` when the database is closed (or `flush()` is called), so each
file is written once per commit, whole or not at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import chain
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from planner.store.files import JSONDecodeError, atomic_write, decode, encode

Tables = dict[str, dict[str, Any]]


class FileShapeError(ValueError):
    """The file is JSON but not a TinyDB database (tables of documents keyed by id)."""


class AtomicJSONStorage(Storage):
    """Reads the whole file once, writes it whole and atomically on `flush`/`close`."""

    def __init__(self, path: str | Path, *, sync_dir: bool = True) -> None:
        self.path = Path(path)
        self._sync_dir = sync_dir
        self._data: Tables | None = None
        self._loaded = False
        self._dirty = False

    def read(self) -> Tables | None:
        if not self._loaded:
            self._data = read_tables(self.path)
            self._loaded = True
        return self._data

    def write(self, data: Tables) -> None:
        self._data = data
        self._loaded = True
        self._dirty = True

    def flush(self) -> None:
        if self._dirty:
            atomic_write(self.path, encode(self._data or {}), sync_dir=self._sync_dir)
            self._dirty = False

    def close(self) -> None:
        self.flush()


def read_tables(path: Path) -> Tables | None:
    """The file's tables, or None if the file does not exist.

    Raises `JSONDecodeError` or `FileShapeError` for a file that is not a TinyDB database.
    """
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    data = decode(raw)
    check_shape(data)
    return data


#: How deep values may nest inside a document. Planner's own documents go two levels deep;
#: anything far deeper is damage, and would break copying, migrating and backing it up.
MAX_NESTING = 32


def check_shape(data: Any) -> None:
    if not isinstance(data, dict):
        raise FileShapeError(f"the top level is {_kind(data)}, not an object of tables")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise FileShapeError(f"table '{name}' is {_kind(table)}, not an object of documents")
        documents = table.values()
        if set(map(type, documents)) <= _DOCUMENT and not _CONTAINER_KINDS & set(
            map(type, chain.from_iterable(map(dict.values, documents)))
        ):
            continue  # objects whose values hold no lists or objects: nothing nests (at C speed)
        for doc_id, document in table.items():
            if not isinstance(document, dict):
                raise FileShapeError(f"document {name}/{doc_id} is {_kind(document)}")
            for value in document.values():
                kind = type(value)
                if kind is list and not any(type(item) in _CONTAINERS for item in value):
                    continue  # a flat list (emails, tags): one level, nothing to walk
                if kind in _CONTAINERS and _too_deep(value):
                    raise FileShapeError(
                        f"document {name}/{doc_id} is nested more than {MAX_NESTING} levels deep"
                    )


_CONTAINERS = (dict, list)
_CONTAINER_KINDS = frozenset(_CONTAINERS)
_DOCUMENT = frozenset({dict})


def _too_deep(value: Any) -> bool:
    """True if containers nest more than MAX_NESTING levels below `value` (no recursion)."""
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_NESTING:
            return True
        if type(item) is dict:
            stack.extend(
                (child, depth + 1) for child in item.values() if type(child) in _CONTAINERS
            )
        elif type(item) is list:
            stack.extend((child, depth + 1) for child in item if type(child) in _CONTAINERS)
    return False


def write_database(
    path: Path, tables: Mapping[str, Iterable[tuple[int, dict[str, Any]]]], *, sync_dir: bool
) -> None:
    """Write a TinyDB database file holding `tables` (name -> (id, document) pairs) atomically."""
    database = TinyDB(path, storage=AtomicJSONStorage, sync_dir=sync_dir)
    database.storage.write({})
    for name, documents in tables.items():
        database.table(name).insert_multiple(
            Document(document, doc_id=doc_id) for doc_id, document in documents
        )
    database.close()


def _kind(value: Any) -> str:
    return {list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(value), "null" if value is None else type(value).__name__
    )


__all__ = [
    "AtomicJSONStorage",
    "FileShapeError",
    "JSONDecodeError",
    "Tables",
    "read_tables",
    "write_database",
]
