"""Storage errors, each worded for the person at the keyboard."""

from __future__ import annotations

from pathlib import Path

from planner.domain.errors import PlannerError


class StoreError(PlannerError):
    """Something about the database file stops the action; the message says what to do."""


class LockTimeout(StoreError):
    def __init__(self, path: Path, waited: float) -> None:
        super().__init__(
            f"{path} is being saved by another planner: waited {waited:g} s for its lock. "
            "Nothing was changed; close the other planner or try again."
        )
        self.path = path


class DamagedDatabase(StoreError):
    def __init__(self, path: Path, detail: str, newest_backup: Path | None) -> None:
        if newest_backup is None:
            advice = "There is no backup of it yet."
        else:
            advice = (
                f"The newest backup is {newest_backup}; "
                f"`planner --db {path} restore {newest_backup}` puts it back."
            )
        super().__init__(
            f"{path} cannot be read: {detail}. The file has been left exactly as it is. {advice}"
        )
        self.path = path
        self.detail = detail
        self.newest_backup = newest_backup


class ReadOnlyDatabase(StoreError):
    """The database was opened read-only; the reason says why."""


class WriteFailed(StoreError):
    def __init__(self, path: Path, error: OSError) -> None:
        reason = error.strerror or str(error)
        super().__init__(
            f"Could not save to {path}: {reason}. The file on disk is unchanged and this "
            "change was not saved; free some space or check the folder's permissions, then "
            "try again."
        )
        self.path = path
        self.error = error
