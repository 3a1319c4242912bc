"""Who has a database open: one interactive planner at a time may claim it.

The write lock (`planner.json.lock`) is held only while a change is saved, so two planners
can safely share a database, each re-reading before it writes. What they cannot share well
is a screen: the second one shows what it read at start-up until it refreshes. An app that
wants to tell the user "another planner has this database open" claims a session first:

    session = Session(path)
    holder = session.claim()
    if holder is None:
        store = Store.open(path)                     # ours; session.release() at exit
    else:
        store = Store.open(path, read_only=f"{holder} has it open")

The claim is an exclusive lock on `planner.json.session.lock`, held for the life of the
session; the operating system drops it when the process ends, however it ends, so a crashed
planner never locks anyone out. Who holds it (process, host, since when) is written to
`planner.json.session` for the message.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import filelock

from planner.store.files import atomic_write, decode, encode
from planner.store.layout import DatabasePaths


@dataclass(frozen=True, slots=True)
class Holder:
    """The planner that has claimed a database (fields unknown when it could not be read)."""

    pid: int | None = None
    host: str | None = None
    since: datetime | None = None

    def __str__(self) -> str:
        who = "another planner"
        if self.pid is not None:
            here = self.host is None or self.host == socket.gethostname()
            who += f" (process {self.pid}" + ("" if here else f" on {self.host}")
            who += f", since {self.since:%Y-%m-%d %H:%M})" if self.since else ")"
        return who


class Session:
    def __init__(self, path: Path | str) -> None:
        self.paths = DatabasePaths.of(path)
        self.info = self.paths.folder / f"{self.paths.root.name}.session"
        self._lock = filelock.FileLock(str(self.info) + ".lock", timeout=0)
        self.claimed = False

    def claim(self) -> Holder | None:
        """Claim the database: None when it is now ours, else who has it. Raises OSError when
        the claim cannot be written (a read-only disk, a folder without write permission)."""
        if self.claimed:
            return None
        self.paths.folder.mkdir(parents=True, exist_ok=True)
        try:
            self._lock.acquire(timeout=0)
        except filelock.Timeout:
            return self.holder() or Holder()
        self.claimed = True
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "since": datetime.now().replace(microsecond=0).isoformat(),
        }
        try:
            atomic_write(self.info, encode(record))
        except OSError:
            pass  # the claim holds without the note; the message is only less precise
        return None

    def holder(self) -> Holder | None:
        """Who has claimed the database, as they wrote it (None if nobody wrote it)."""
        try:
            record = decode(self.info.read_bytes())
            since = record.get("since")
            return Holder(
                pid=int(record["pid"]),
                host=str(record.get("host") or "") or None,
                since=datetime.fromisoformat(since) if isinstance(since, str) else None,
            )
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None

    def release(self) -> None:
        if not self.claimed:
            return
        try:
            self.info.unlink()
        except OSError:
            pass
        self._lock.release()
        self.claimed = False

    def __enter__(self) -> Holder | None:
        return self.claim()

    def __exit__(self, *exc: object) -> None:
        self.release()
