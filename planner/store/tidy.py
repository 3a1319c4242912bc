"""Tidying at start-up: what a crashed save left behind goes, and nothing else does."""

from __future__ import annotations

from pathlib import Path

import filelock

from planner.store.contents import Contents
from planner.store.files import remove_temp_files, unlink_quietly
from planner.store.layout import PART_FILE, signature


def tidy(contents: Contents, lock: filelock.BaseFileLock) -> list[Path]:
    """Remove what a crashed writer left behind: temp files, and parts that no root names.

    Only when the write lock is free right now, so a live writer is never disturbed, and
    only parts that are provably leftovers: unnamed parts beside a root that lists its
    parts, or, beside a root that lists none (new, old single file, backup), a folder
    holding nothing but the next generation written after that root, which only its own
    interrupted first save leaves. Anything else there (another database's parts, beside a
    backup copied over the root) is kept, and set aside at the next save.
    """
    paths = contents.paths
    try:
        lock.acquire(timeout=0)
    except (filelock.Timeout, OSError):
        return []
    try:
        removed = remove_temp_files([paths.folder, paths.parts, paths.backups])
        if signature(paths.root) != contents.signature or not paths.parts.is_dir():
            return removed
        found = {
            entry: match
            for entry in paths.parts.iterdir()
            if (match := PART_FILE.match(entry.name))
        }
        if contents.split:
            referenced = set(contents.part_files.values())
            leftovers = [entry for entry in found if entry.name not in referenced]
        elif all(int(m.group(2)) == contents.generation + 1 for m in found.values()) and all(
            _not_older(entry, paths.root) for entry in found
        ):
            # Only the next generation, written after the root: this root's own first
            # save, interrupted (a migration, a split backup, a new database).
            leftovers = list(found)
        else:
            leftovers = []
        for entry in leftovers:
            unlink_quietly(entry)
            removed.append(entry)
        return removed
    finally:
        lock.release()


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
