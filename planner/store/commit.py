"""Saving: the write lock, then the changed parts, the index and the root, in that order.

A commit writes the changed parts under new names (`<part>.<generation>.json`), syncs their
folder, then replaces the root in one atomic step: that rename is the moment the change exists.
A crash before it leaves the old root pointing at the old parts, which are still there; files
that a crash orphaned are removed at the next start (`planner.store.tidy`). A check-off
therefore rewrites one month of touches and the small root, never the whole history.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

import filelock

from planner.domain.model import Touch
from planner.store import converters, reading
from planner.store.backups import BACKUPS_KEPT, back_up
from planner.store.contents import Contents
from planner.store.errors import LockTimeout, ReadOnlyDatabase, StoreError, WriteFailed
from planner.store.files import JSONEncodeError, UndoneReplace, fsync_dir, unlink_quietly
from planner.store.layout import HISTORY, INDEX, PartFile, checksum, is_index, signature, table_of
from planner.store.loading import load
from planner.store.migrations import CURRENT_SCHEMA
from planner.store.storage import write_database
from planner.store.transaction import Transaction

LOCK_TIMEOUT = 10.0
#: How many month parts keep the documents they were last written with (see `Writer`).
WRITTEN_DOCS_KEPT = 2


class Writer:
    """Takes the lock, runs a transaction and commits it; refuses when the database may not be
    changed here (opened read-only, or written by a newer planner)."""

    def __init__(
        self,
        contents: Contents,
        *,
        lock_timeout: float,
        clock: Callable[[], datetime],
        forced_read_only: str | None,
    ) -> None:
        self.contents = contents
        self.paths = contents.paths
        self.lock_timeout = lock_timeout
        self.clock = clock
        #: Why this store was opened read-only (e.g. "another planner has it open"), if it was.
        self.forced_read_only = forced_read_only
        self.lock = filelock.FileLock(str(self.paths.lock), timeout=lock_timeout)
        self.open: Transaction | None = None
        #: The documents last written for the touches of the most recently written month
        #: parts, by the touch they were made from: a check-off rewrites its month, and only
        #: the changed touch is converted again.
        self._written_docs: dict[str, dict[int, tuple[Touch, dict[str, Any]]]] = {}

    @property
    def read_only_reason(self) -> str | None:
        return self.forced_read_only or self.contents.newer_reason

    def check_writable(self) -> None:
        reason = self.read_only_reason
        if reason is not None:
            raise ReadOnlyDatabase(
                f"{self.paths.root} is open read-only: {reason}. Nothing was saved."
            )

    def lock_free(self) -> bool:
        """True unless another planner holds the write lock right now (the lock is taken and
        given back at once, so that an app can wait for it without blocking its screen)."""
        if self.open is not None or not self.paths.lock.exists():
            return True
        try:
            self.lock.acquire(timeout=0)
        except filelock.Timeout:
            return False
        except OSError:
            return True  # the save itself says what is wrong with the folder
        self.lock.release()
        return True

    @contextmanager
    def transaction(self) -> Iterator[Transaction]:
        """Lock, refresh, change, commit. On any error nothing is saved and memory is restored."""
        if self.open is not None:
            raise RuntimeError("a transaction is already open on this store")
        self.check_writable()
        try:
            self.paths.folder.mkdir(parents=True, exist_ok=True)
            self.lock.acquire(timeout=self.lock_timeout)
        except filelock.Timeout:
            raise LockTimeout(self.paths.root, self.lock_timeout) from None
        except OSError as error:
            raise WriteFailed(self.paths.lock, error) from error
        try:
            if signature(self.paths.root) != self.contents.signature:
                load(self.contents)
            self.check_writable()
            transaction = self.open = Transaction(self.contents)
            try:
                yield transaction
                if transaction.changed:
                    self._commit(transaction)
            except BaseException:
                transaction.rollback()
                raise
            finally:
                self.open = None
        finally:
            self.lock.release()

    def _commit(self, transaction: Transaction) -> None:
        contents, paths = self.contents, self.paths
        generation = contents.generation + 1
        dirty = set(transaction.dirty)
        if contents.rewrite_all:
            dirty |= set(contents.members) | set(contents.part_files)
        files = dict(contents.part_files)
        sums: dict[str, str] = {}
        written: list[Path] = []
        backup: Path | None = None
        aside: Path | None = None
        try:
            paths.folder.mkdir(parents=True, exist_ok=True)
            if contents.signature is not None:
                backup = back_up(
                    paths, contents.part_sums, self.clock(), force=contents.rewrite_all
                )
            if not contents.split and paths.parts.is_dir() and any(paths.parts.iterdir()):
                # Parts this root does not list (it is a backup copied back, an old single
                # file, or missing): another database's, kept, never overwritten.
                aside = paths.set_aside(paths.parts, self.clock())
            if dirty:
                paths.parts.mkdir(exist_ok=True)
            try:
                for key in sorted(dirty):
                    ids = contents.members.get(key)
                    if not ids:
                        files.pop(key, None)
                        continue
                    target = paths.parts / f"{key}.{generation}.json"
                    write_database(
                        target, {table_of(key): self._documents(key, ids)}, sync_dir=False
                    )
                    written.append(target)
                    files[key] = target.name
                files = self._write_index(files, generation, written)
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
                undone = isinstance(error, UndoneReplace) and contents.signature is not None
                if not undone and signature(paths.root) == contents.signature:
                    for target in written:
                        unlink_quietly(target)
                    if aside is not None:
                        _put_back(aside, paths.parts)
                raise
        except BaseException as error:
            if backup is not None:
                unlink_quietly(backup)  # nothing changed, so the backup taken for it goes too
            if isinstance(error, OSError):
                raise WriteFailed(paths.root, error) from error
            if isinstance(error, JSONEncodeError):
                raise StoreError(
                    f"This change cannot be saved to {paths.root}: {error}. Some text holds "
                    "characters that are not valid Unicode; nothing was saved."
                ) from None
            raise
        if backup is not None:
            for old in paths.list_backups()[BACKUPS_KEPT:]:
                unlink_quietly(old)
        self._settle(files, written, sums, generation)

    def _write_index(
        self, files: dict[str, str], generation: int, written: list[Path]
    ) -> dict[str, str]:
        """Write the index parts that changed; returns the part map with them."""
        contents, paths = self.contents, self.paths
        if contents.rewrite_all and contents.touches:
            contents.ensure_index().everything_dirty()
        index = contents.index
        if index is None or not index.unsaved:
            return files
        paths.parts.mkdir(exist_ok=True)
        reading.settled_index(contents)
        if index.whole:
            files = {key: name for key, name in files.items() if not is_index(key)}
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
        return files

    def _settle(
        self, files: dict[str, str], written: list[Path], sums: dict[str, str], generation: int
    ) -> None:
        """After the root is replaced: drop superseded parts, and remember what is on disk."""
        contents, paths = self.contents, self.paths
        superseded = set(contents.part_files.values()) - set(files.values())
        for name in superseded:
            unlink_quietly(paths.parts / name)
        for key in list(contents.files):
            if key not in files:
                del contents.files[key]
        for target in written:
            key = target.name.rsplit(".", 2)[0]
            contents.files[key] = PartFile.of(target)
            contents.contact_docs.pop(key, None)
        contents.part_files = files
        contents.part_sums = {files[key]: value for key, value in sums.items()}
        contents.generation = generation
        contents.rewrite_all = False
        if contents.index is not None:
            contents.index.saved()
        contents.split = True
        contents.signature = signature(paths.root)

    def _documents(self, key: str, ids: Iterable[int]) -> Iterator[tuple[int, dict[str, Any]]]:
        contents = self.contents
        if key.startswith("contacts"):
            for contact_id in sorted(ids):
                yield contact_id, converters.contact_to_doc(contents.contacts[contact_id])
        else:
            previous = self._written_docs.pop(key, {})
            kept: dict[int, tuple[Touch, dict[str, Any]]] = {}
            for touch_id in sorted(ids):
                touch = contents.touches[touch_id]
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
        fresh = {target.name: checksum(target.read_bytes()) for target in written}
        sums = {}
        for key, name in files.items():
            known = fresh.get(name)
            if known is None and self.contents.part_sums.get(name):
                known = self.contents.part_sums[name]
            if known is None:
                known = checksum((self.paths.parts / name).read_bytes())
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
                known = self.contents.files.get(key)
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
        contents = self.contents
        meta = {
            "schema": CURRENT_SCHEMA,
            "generation": generation,
            "next_id": dict(contents.next_id),
            "parts": dict(sorted(files.items())),
            "sizes": dict(sizes),
            "sums": dict(sums),
        }
        return {
            "meta": [(1, meta)],
            "settings": [(1, converters.settings_to_doc(contents.settings))],
            "blocks": [(i, converters.block_to_doc(b)) for i, b in sorted(contents.blocks.items())],
            "goals": [(i, converters.goal_to_doc(g)) for i, g in sorted(contents.goals.items())],
            "calendars": [
                (i, converters.calendar_to_doc(c)) for i, c in sorted(contents.calendars.items())
            ],
        }


def _put_back(aside: Path, folder: Path) -> None:
    """Undo setting `folder` aside, if the folder made since is still empty."""
    try:
        if folder.exists():
            folder.rmdir()
        os.rename(aside, folder)
    except OSError:
        pass  # kept aside all the same: nothing is lost
