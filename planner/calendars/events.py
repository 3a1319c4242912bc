"""What a calendar holds once read: event occurrences in local time, and problems in words."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from planner.domain.busy import MAX_BUFFER_MINUTES, Busy, busy_order


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


@dataclass(slots=True)
class Reading:
    """Occurrences of `calendar` between two dates, and what could not be read."""

    occurrences: list[Occurrence] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def busy_from(
    occurrences: Iterable[Occurrence],
    *,
    start: date,
    end: date,
    all_day_busy: bool = False,
    buffer: int = 0,
) -> list[Busy]:
    """The busy time the occurrences make on the days `start` to `end` (exclusive), sorted.

    Transparent events and events without length are free; all-day events are free unless
    `all_day_busy`. An event across midnight gives one piece per day. Each piece carries
    `buffer`, the minutes its calendar keeps free before and after its events.
    """
    buffer = max(0, min(MAX_BUFFER_MINUTES, buffer))
    made: list[Busy] = []
    first, last = datetime.combine(start, time()), datetime.combine(end, time())
    for each in occurrences:
        if each.transparent or each.end <= each.start or (each.all_day and not all_day_busy):
            continue
        low, high = max(each.start, first), min(each.end, last)
        day = low.date()
        while datetime.combine(day, time()) < high:
            day_start = datetime.combine(day, time())
            piece_start = max(low, day_start)
            piece_end = min(high, day_start + timedelta(days=1))
            if piece_end > piece_start:
                made.append(
                    Busy(
                        day,
                        piece_start.time().replace(second=0, microsecond=0),
                        _end_time(piece_end, day_start),
                        each.calendar,
                        each.summary,
                        buffer,
                    )
                )
            day += timedelta(days=1)
    return sorted(made, key=busy_order)


def _end_time(moment: datetime, day_start: datetime) -> time:
    """The end of a piece, rounded up to the minute; `time(0)` for midnight at the day's end."""
    if moment >= day_start + timedelta(days=1):
        return time(0)
    minutes = (moment - day_start).total_seconds() / 60
    whole = int(-(-minutes // 1))
    return time(0) if whole >= 24 * 60 else time(whole // 60, whole % 60)
