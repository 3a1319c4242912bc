"""ISO weeks, Monday first, written `2026-W48`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from planner.domain.errors import ValidationError

_WEEK = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
#: Years a date or week typed by a person may have: wide enough for any history or plan, and
#: far enough from date's limits that a due date (a date + a cadence of up to ten years) and
#: the weeks around it always exist.
FIRST_YEAR, LAST_YEAR = 1900, 2999
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True, order=True)
class Week:
    year: int
    number: int

    @classmethod
    def of(cls, day: date) -> Week:
        year, number, _ = day.isocalendar()
        return cls(year, number)

    @classmethod
    def parse(cls, text: str, field: str = "week") -> Week:
        """Read `2026-W48` (or `2026W48`, any case); anything else is a ValidationError."""
        match = _WEEK.match(text or "")
        if not match:
            raise ValidationError(
                field, f"Week '{text}' is not an ISO week; write it like 2026-W48."
            )
        year, number = int(match.group(1)), int(match.group(2))
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise ValidationError(
                field,
                f"Week '{text}' is out of range: use a year from {FIRST_YEAR} to {LAST_YEAR}.",
            )
        try:
            date.fromisocalendar(year, number, 1)
        except ValueError:
            raise ValidationError(
                field, f"Week '{text}' does not exist: {year} has no week {number}."
            ) from None
        return cls(year, number)

    @property
    def monday(self) -> date:
        return date.fromisocalendar(self.year, self.number, 1)

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)

    @property
    def days(self) -> list[date]:
        monday = self.monday
        return [monday + timedelta(days=offset) for offset in range(7)]

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.monday <= day <= self.sunday

    def shift(self, weeks: int) -> Week:
        return Week.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @property
    def span(self) -> str:
        """The dates in words: `23–29 Nov 2026`, `30 Nov – 6 Dec 2026`, across years both years."""
        first, last = self.monday, self.sunday
        if first.year != last.year:
            return f"{_day(first)} {first.year} – {_day(last)} {last.year}"
        if first.month != last.month:
            return f"{_day(first)} – {_day(last)} {last.year}"
        return f"{first.day}–{_day(last)} {last.year}"


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]}"
