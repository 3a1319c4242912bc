"""Crash-safe file primitives: JSON codec, atomic replace, directory fsync, temp-file cleanup.

`atomic_write` is the only way the store puts bytes on disk: serialize first, write a temp file
in the same folder, fsync it, `os.replace` it over the target, fsync the folder. A crash at any
instant leaves the old file or the new one, never a torn one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

TEMP_PREFIX = ".planner-tmp-"
TEMP_SUFFIX = ".tmp"


class JSONDecodeError(ValueError):
    """The bytes are not one JSON document (the message says where it broke)."""


def encode(data: Any) -> bytes:
    """Compact UTF-8 JSON; keys keep their order, non-ASCII stays as written."""
    return orjson.dumps(data)


def decode(raw: bytes) -> Any:
    """Strict JSON: no NaN, no BOM, no trailing garbage, UTF-8 only."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise JSONDecodeError(str(error)) from None


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable (a no-op where folders cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new content.

    On any error the temp file is removed, `path` is untouched and the error propagates.
    """
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(fd, "wb") as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written:]
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, path)
    except BaseException:
        try:
            temp.unlink()
        except FileNotFoundError:
            pass
        raise
    if sync_dir:
        fsync_dir(path.parent)


def remove_temp_files(folders: Iterable[Path]) -> list[Path]:
    """Delete temp files left by a crashed writer; call only while holding the write lock."""
    removed = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for entry in folder.iterdir():
            if entry.name.startswith(TEMP_PREFIX) and entry.name.endswith(TEMP_SUFFIX):
                try:
                    entry.unlink()
                    removed.append(entry)
                except OSError:
                    pass
    return removed
