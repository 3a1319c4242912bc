"""Backups: a whole, self-contained copy of the database before the first change of each day.

A backup is one file holding every table (no parts, no index: the index is counted again when
a backup is put back). It is made from the part files byte for byte where their checksums
show they are as written, so a backup of five years of touches costs a copy, not a parse.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path

from planner.store.files import JSONDecodeError, atomic_write, decode, encode
from planner.store.layout import (
    PART_FILE,
    PART_TABLES,
    DatabasePaths,
    PartVanished,
    checksum,
    is_index,
    table_of,
)
from planner.store.loading import Damage, lazy_meta, read_disk
from planner.store.storage import FileShapeError, check_shape, read_tables

#: How many backups are kept: the newest ten.
BACKUPS_KEPT = 10


def back_up(
    paths: DatabasePaths, sums: Mapping[str, str], now: datetime, *, force: bool = False
) -> Path | None:
    """Before the first write of each day (or whenever `force`d, as before a migration), copy
    the database as it is on disk into one file in `backups/`; None when there is no need.
    The commit keeps the newest ten once it has succeeded, and removes this one if it failed."""
    existing = paths.list_backups()
    today = f"{paths.root.stem}-{now:%Y%m%d}-"
    if not force and any(entry.name.startswith(today) for entry in existing):
        return None
    whole = bundle(paths, sums)
    paths.backups.mkdir(exist_ok=True)
    name = paths.backup_name(now)
    target = paths.backups / name
    counter = 1
    while target.exists():
        target = target.with_name(f"{name.removesuffix('.json')}-{counter}.json")
        counter += 1
    atomic_write(target, whole)
    return target


def bundle(paths: DatabasePaths, sums: Mapping[str, str] | None = None) -> bytes:
    """The whole database as it is on disk, in one self-contained file (a backup).

    Part files are written by this store as `{"<table>":{...documents...}}`, so their
    documents are spliced into the bundle byte for byte instead of being parsed and written
    again; the result is checked to read back before it is used. A root of another shape is
    read whole and written out."""
    root = read_tables(paths.root)
    if root is None:
        raise PartVanished()
    meta = lazy_meta(root)
    if meta is None:
        _, data = read_disk(paths)
        data.setdefault("meta", {}).setdefault("1", {}).pop("parts", None)
        data["meta"]["1"].pop("sizes", None)
        return encode(data)
    head_tables = {name: table for name, table in root.items() if name not in PART_TABLES}
    head_meta = {key: value for key, value in meta.items() if key not in ("parts", "sizes")}
    head_tables["meta"] = {"1": head_meta}
    chunks: dict[str, list[bytes]] = {table: [] for table in PART_TABLES}
    for key, name in sorted(meta["parts"].items()):
        if is_index(key):
            continue  # derived data: a backup is counted again when it is put back
        table = table_of(str(key))
        if table not in chunks or not isinstance(name, str) or not PART_FILE.match(name):
            raise Damage(f"it names an unknown part {key!r:.40}")
        try:
            raw = (paths.parts / name).read_bytes()
        except FileNotFoundError:
            raise Damage(f"its part {paths.parts / name} is missing") from None
        known = (sums or {}).get(name)
        inner = _table_bytes(raw, table) if known and known == checksum(raw) else None
        if inner is None:  # not the bytes it was written with (or no sum kept): check it
            try:
                part = decode(raw)  # a backup is only made of parts that read
                check_shape(part)
            except (JSONDecodeError, FileShapeError) as error:
                raise Damage(f"its part {paths.parts / name} is damaged ({error})") from None
            inner = _table_bytes(raw, table) if set(part) <= {table} else None
            if inner is None:
                inner = encode(part.get(table, {}))[1:-1]
        if inner:
            chunks[table].append(inner)
    head = encode(head_tables)
    body = b"".join(
        b',"' + table.encode() + b'":{' + b",".join(chunks[table]) + b"}" for table in PART_TABLES
    )
    return head[:-1] + body + b"}"


def _table_bytes(raw: bytes, table: str) -> bytes | None:
    """The documents of `table` cut from a part file as this store writes it
    (`{"<table>":{...}}`), or None for a file of another shape."""
    own = b'{"' + table.encode() + b'":{'
    if raw.startswith(own) and raw.endswith(b"}}"):
        return raw[len(own) : -2]
    return None
