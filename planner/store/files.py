"""Crash-safe file primitives: JSON codec, atomic replace, directory fsync, temp-file cleanup.

`atomic_write` is the only way the store puts bytes on disk: serialize first, write a temp file
in the same folder, fsync it, `os.replace` it over the target, fsync the folder. A crash at any
instant leaves the old file or the new one, never a torn one; an error at any step leaves the
old file in place (even when the folder cannot be synced after the rename: the old file is put
back, so that what is on disk matches what the caller is told).
"""

from __future__ import annotations

import errno
import os
import secrets
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson

TEMP_PREFIX = ".planner-tmp-"
TEMP_SUFFIX = ".tmp"


class JSONDecodeError(ValueError):
    """The bytes are not one JSON document (the message says where it broke)."""


class JSONEncodeError(ValueError):
    """The data cannot be written as JSON (text that is not valid Unicode, nesting too deep)."""


def encode(data: Any) -> bytes:
    """Compact UTF-8 JSON; keys keep their order, non-ASCII stays as written."""
    try:
        return orjson.dumps(data)
    except orjson.JSONEncodeError as error:
        raise JSONEncodeError(str(error)) from None


def decode(raw: bytes) -> Any:
    """Strict JSON: no NaN, no BOM, no trailing garbage, UTF-8 only."""
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError as error:
        raise JSONDecodeError(str(error)) from None


#: Errors that mean "this filesystem cannot do that", not "your data did not reach the disk".
UNSUPPORTED = frozenset(
    {errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS, errno.EPERM, errno.EXDEV}
)


class UndoneReplace(OSError):
    """The target was replaced but its folder could not be synced, so the old file was put back.

    Files the new target refers to must be kept: until the folder is synced, the disk may still
    hold either version."""


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in `folder` durable. A no-op where folders cannot be opened or
    synced (Windows, some network filesystems); any other error is raised."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    except OSError as error:
        if error.errno not in UNSUPPORTED:
            raise
    finally:
        os.close(fd)


def _keep_previous(path: Path) -> Path | None:
    """A second name (a temp name) for the file at `path`, to put it back if need be; None when
    there is no file yet or the filesystem has no hard links."""
    for _ in range(3):
        keep = path.parent / f"{TEMP_PREFIX}{secrets.token_hex(6)}{TEMP_SUFFIX}"
        try:
            os.link(path, keep)
        except FileNotFoundError:
            return None
        except FileExistsError:
            continue
        except OSError as error:
            if error.errno in UNSUPPORTED or error.errno == errno.EMLINK:
                return None
            raise
        return keep
    return None


def unlink_quietly(path: Path) -> None:
    """Remove a file if it can be; a file that cannot be removed is only left behind."""
    try:
        path.unlink()
    except OSError:
        pass


def atomic_write(path: Path, data: bytes, *, sync_dir: bool = True) -> None:
    """Replace `path` with `data` so that a crash leaves either the old or the new content.

    On any error the temp file is removed, `path` keeps its old content and the error
    propagates. With `sync_dir=False` the caller syncs the folder itself (after several
    writes) and undoes them if that fails.
    """
    fd, temp_name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=path.parent)
    temp = Path(temp_name)
    previous: Path | None = None
    try:
        with os.fdopen(fd, "wb") as handle:
            view = memoryview(data)
            while view:
                written = handle.write(view)
                view = view[written:]
            handle.flush()
            os.fsync(handle.fileno())
        if sync_dir and os.name != "nt":  # where folders are synced, a sync can fail
            previous = _keep_previous(path)
        os.replace(temp, path)
    except BaseException:
        unlink_quietly(temp)
        if previous is not None:
            unlink_quietly(previous)
        raise
    if not sync_dir:
        return
    try:
        fsync_dir(path.parent)
    except OSError as error:
        try:
            if previous is not None:
                os.replace(previous, path)
                previous = None
            else:
                os.unlink(path)
        except OSError:
            raise error from None
        raise UndoneReplace(error.errno, error.strerror, str(path)) from error
    finally:
        if previous is not None:
            unlink_quietly(previous)


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
