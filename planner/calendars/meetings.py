"""Meetings become touches: past calendar events with a known contact, offered for logging.

Pure: given the occurrences (from `read_calendars`), the contacts and the done touches, it says
which meetings could be logged as done touches. Nothing is logged here; the user decides.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from planner.calendars.events import Occurrence
from planner.domain import Contact, Touch, TouchStatus


@dataclass(frozen=True, slots=True)
class Suggestion:
    """A meeting with `contact_id` on `date` (at `start`, None for an all-day event) found in
    `calendar`, with no done touch with that contact on that day."""

    contact_id: int
    name: str
    date: date
    start: time | None
    summary: str
    calendar: str

    def to_json(self) -> dict[str, Any]:
        """`{"contact_id", "name", "date", "start", "summary", "calendar"}`; `start` `HH:MM`
        or null."""
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "date": self.date.isoformat(),
            "start": None if self.start is None else f"{self.start:%H:%M}",
            "summary": self.summary,
            "calendar": self.calendar,
        }


def meeting_suggestions(
    occurrences: Iterable[Occurrence],
    contacts: Iterable[Contact],
    done_touches: Iterable[Touch],
    *,
    since: date,
    now: datetime,
) -> list[Suggestion]:
    """Events that began from `since` until `now` (local, naive) whose organizer or an attendee
    has the email of a contact (any case; archived contacts left out), one per contact and day,
    except where a done touch with that contact exists on that day. Sorted by day, time, name.
    """
    by_email: dict[str, list[Contact]] = {}
    for contact in contacts:
        if contact.archived:
            continue
        for email in {address.strip().lower() for address in contact.emails if address.strip()}:
            by_email.setdefault(email, []).append(contact)
    if not by_email:
        return []
    done = {
        (touch.contact_id, touch.date) for touch in done_touches if touch.status is TouchStatus.DONE
    }
    chosen: dict[tuple[int, date], Suggestion] = {}
    for each in sorted(occurrences, key=lambda item: (item.start, item.calendar, item.uid)):
        day = each.start.date()
        if day < since or each.start >= now:
            continue
        for email in each.emails:
            for contact in by_email.get(email, ()):
                key = (contact.id, day)
                if key in done or key in chosen:
                    continue
                chosen[key] = Suggestion(
                    contact_id=contact.id,
                    name=contact.name,
                    date=day,
                    start=None if each.all_day else each.start.time().replace(second=0),
                    summary=each.summary,
                    calendar=each.calendar,
                )
    return sorted(
        chosen.values(),
        key=lambda item: (
            item.date,
            item.start is None,
            item.start or time(),
            item.name,
            item.contact_id,
        ),
    )
