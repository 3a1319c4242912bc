"""A calendar that cannot be read or written now, said in words."""

from __future__ import annotations

from planner.domain.errors import PlannerError


class CalendarError(PlannerError):
    """A calendar could not be reached, read or written. `reason` is a phrase in words ("no
    answer from caldav.example.com within 5 seconds"); `message` puts the calendar's name in
    front. Never holds a password."""

    def __init__(self, calendar: str, reason: str) -> None:
        super().__init__(f"{calendar}: {reason}" if calendar else reason)
        self.calendar = calendar
        self.reason = reason
