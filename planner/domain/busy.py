"""Busy time: an event of the user's own calendars on one day, which the plan never overlaps.

Where it comes from (iCalendar files and URLs, CalDAV) is `planner.calendars`' business; here it
is a plain value in local wall-clock time, one per event and day (an event across midnight is
two of them), so the engine can take it as input and stay pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import time
from typing import Any

from planner.domain.errors import ValidationError

#: Minutes in a day: the end of a piece of busy time that runs to midnight.
DAY_MINUTES = 24 * 60
#: The most a calendar may keep free before and after each of its events.
MAX_BUFFER_MINUTES = 240


@dataclass(frozen=True, slots=True)
class Busy:
    """Busy from `start` to `end` on `date`, local time, from the calendar named `calendar`.

    `end` is exclusive; `time(0)` as an end means midnight at the end of the day (`24:00`), so a
    piece of an all-day or overnight event can reach the end of its day. `buffer` is the minutes
    the user keeps free before and after the event (the calendar's setting): the planner treats
    `start - buffer` to `end + buffer` as taken, within the day, while messages still name the
    event's own times.
    """

    date: dt.date
    start: time
    end: time
    calendar: str
    summary: str = ""
    buffer: int = 0

    def __post_init__(self) -> None:
        if self.begin >= self.finish:
            raise ValidationError(
                "end", f"Busy time must end after it starts ({self.start:%H:%M}–{self.label_end})."
            )
        if not 0 <= self.buffer <= MAX_BUFFER_MINUTES:
            raise ValidationError(
                "buffer", f"A buffer is 0 to {MAX_BUFFER_MINUTES} minutes, not {self.buffer}."
            )

    @property
    def begin(self) -> int:
        """Start, in minutes since midnight."""
        return self.start.hour * 60 + self.start.minute

    @property
    def finish(self) -> int:
        """End, in minutes since midnight (1440 for an end at midnight)."""
        minutes = self.end.hour * 60 + self.end.minute
        return minutes or DAY_MINUTES

    @property
    def minutes(self) -> int:
        return self.finish - self.begin

    @property
    def blocked(self) -> tuple[int, int]:
        """The minutes kept free for it: the event widened by its buffer, within its day."""
        return max(0, self.begin - self.buffer), min(DAY_MINUTES, self.finish + self.buffer)

    @property
    def label_end(self) -> str:
        """The end as `HH:MM`, `24:00` for midnight at the end of the day."""
        return "24:00" if self.finish == DAY_MINUTES else f"{self.end:%H:%M}"

    def overlaps(self, begin: int, finish: int) -> bool:
        """Whether minutes `begin` to `finish` of its day touch the time kept free for it."""
        low, high = self.blocked
        return begin < high and low < finish

    def describe(self) -> str:
        """`'Customer demo' 10:00–11:00, work calendar`."""
        title = f"'{self.summary}'" if self.summary.strip() else "an event without a title"
        calendar = self.calendar
        if not calendar.lower().endswith("calendar"):
            calendar = f"{calendar} calendar"
        return f"{title} {self.start:%H:%M}–{self.label_end}, {calendar}"

    def to_json(self) -> dict[str, Any]:
        """`{"date", "start", "end", "calendar", "summary"}`; times `HH:MM`, `24:00` at midnight."""
        return {
            "date": self.date.isoformat(),
            "start": f"{self.start:%H:%M}",
            "end": self.label_end,
            "calendar": self.calendar,
            "summary": self.summary,
        }


def busy_order(busy: Busy) -> tuple[dt.date, int, int, str, str]:
    """Sort key: day, start, end, calendar, summary."""
    return (busy.date, busy.begin, busy.finish, busy.calendar, busy.summary)


def busy_minutes_within(busy: Iterable[Busy], day: dt.date, begin: int, finish: int) -> int:
    """How many minutes of `begin`..`finish` on `day` the busy time (with buffers) covers;
    overlapping events count once."""
    spans = sorted(
        (max(begin, low), min(finish, high))
        for low, high in (each.blocked for each in busy if each.date == day)
        if low < finish and begin < high
    )
    covered, reach = 0, begin
    for low, high in spans:
        low = max(low, reach)
        if high > low:
            covered += high - low
            reach = high
    return covered
