"""What a calendar holds once read: event occurrences in local time, and problems in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any


@dataclass(frozen=True, slots=True)
class Occurrence:
    """One occurrence of one event, in local wall-clock time (naive datetimes).

    `end` is exclusive and never before `start` (equal for an event without length). An all-day
    event starts and ends at midnight. `transparent` events (TRANSP:TRANSPARENT) do not make the
    user busy. `emails` are the organizer's and the attendees' addresses, lower case, without
    `mailto:`. Cancelled occurrences and the planner's own published events never become one.
    """

    calendar: str
    uid: str
    summary: str
    start: datetime
    end: datetime
    all_day: bool = False
    transparent: bool = False
    emails: tuple[str, ...] = ()

    def to_json(self) -> list[Any]:
        """A compact row for the cache: `[uid, summary, start, end, all_day, transparent, emails]`
        (the calendar is the cache file's)."""
        return [
            self.uid,
            self.summary,
            self.start.isoformat(),
            self.end.isoformat(),
            self.all_day,
            self.transparent,
            list(self.emails),
        ]

    @classmethod
    def from_json(cls, calendar: str, row: list[Any]) -> Occurrence:
        uid, summary, start, end, all_day, transparent, emails = row
        return cls(
            calendar=calendar,
            uid=str(uid),
            summary=str(summary),
            start=datetime.fromisoformat(start),
            end=datetime.fromisoformat(end),
            all_day=bool(all_day),
            transparent=bool(transparent),
            emails=tuple(str(email) for email in emails),
        )


@dataclass(frozen=True, slots=True)
class Problem:
    """Something in a calendar that could not be used as it is, said in words.

    `event` names the event (its summary, else its UID) or is empty when the whole calendar is
    concerned; `reason` is a sentence fragment ("its repeat rule cannot be read: ...").
    """

    calendar: str
    event: str
    reason: str

    def __str__(self) -> str:
        if self.event:
            return f"{self.calendar}: event {self.event}: {self.reason}"
        return f"{self.calendar}: {self.reason}"

    def to_json(self) -> dict[str, str]:
        return {"calendar": self.calendar, "event": self.event, "reason": self.reason}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Problem:
        return cls(str(data["calendar"]), str(data["event"]), str(data["reason"]))
