"""The week out: iCalendar for any calendar program, CSV for any spreadsheet."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from planner.calendars.zones import local_zone as local_zone
from planner.domain.enums import Channel, Purpose, TouchStatus
from planner.domain.model import (
    DEFAULT_CHANNEL_MINUTES,
    Contact,
    Settings,
    TimeBlock,
    Touch,
    TouchRow,
    touch_row,
)
from planner.domain.weeks import Week
from planner.io.plannercsv import contacts_to_csv, csv_cell, csv_text

if TYPE_CHECKING:
    import icalendar

__all__ = [
    "contacts_to_csv",
    "local_zone",
    "touch_description",
    "touch_rows_to_csv",
    "touch_summary",
    "touches_to_csv",
    "touches_to_ics",
]

PRODID = "-//planner//planner weekly planner//EN"
UID_DOMAIN = "planner"

_VERBS: dict[Channel, str] = {
    Channel.CALL: "Call {name}",
    Channel.EMAIL: "Email {name}",
    Channel.MESSAGE: "Message {name}",
    Channel.SOCIAL: "Social touch with {name}",
    Channel.NOTE: "Note to {name}",
    Channel.MEETING: "Meeting with {name}",
    Channel.COFFEE: "Coffee with {name}",
    Channel.EVENT: "Event with {name}",
}


def touches_to_ics(
    touches: Iterable[Touch],
    contacts: Mapping[int, Contact],
    *,
    week: Week,
    blocks: Sequence[TimeBlock] | None = None,
    tz: tzinfo | None = None,
    settings: Settings | None = None,
    stamp: datetime | None = None,
) -> bytes:
    """An iCalendar file of the week's touches still to do, and of its time blocks if given.

    One VEVENT per touch of `week` whose status is planned (others are left out), with UID
    `touch-<id>@planner`, so a calendar that imports a later export updates the event instead of
    adding a second one. Summary `Call Ana Müller (A, referral ask)`; the description holds the
    reason and the contact's company, title, emails and phones. A touch without a start time is
    an all-day event; one with a start but no end lasts its channel's minutes (from `settings`).
    With `blocks`, one VEVENT per block occurrence in the week, UID
    `block-<id>-<yyyymmdd>@planner`.

    Times are local times of `tz` (default: the machine's zone, see `local_zone`) with a
    VTIMEZONE; a zone without an IANA name (a fixed offset) is written as UTC instead. `stamp`
    is the DTSTAMP of every event (default: now).
    """
    zone = _zone(tz if tz is not None else local_zone())
    stamp = (stamp or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    minutes = settings.minutes_for if settings is not None else DEFAULT_CHANNEL_MINUTES.__getitem__
    import icalendar  # here, not at the top: a CSV export does without its import time

    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"planner {week}")
    planned = sorted(
        (touch for touch in touches if touch.is_open and touch.date in week),
        key=lambda touch: (touch.date, touch.start or time(), touch.id),
    )
    for touch in planned:
        contact = contacts.get(touch.contact_id)
        event = _event(f"touch-{touch.id}@{UID_DOMAIN}", touch_summary(touch, contact), stamp)
        if touch.start is None:
            event.add("dtstart", touch.date)
            event.add("dtend", touch.date + timedelta(days=1))
        else:
            start = datetime.combine(touch.date, touch.start)
            if touch.end is not None and touch.end > touch.start:
                end = datetime.combine(touch.date, touch.end)
            else:
                end = start + timedelta(minutes=minutes(touch.channel))
            event.add("dtstart", _local(start, zone))
            event.add("dtend", _local(end, zone))
        event.add("description", touch_description(touch, contact))
        event.add("categories", [touch.purpose.label])
        calendar.add_component(event)
    for block in sorted(blocks or (), key=lambda block: (block.start, block.id)):
        for day in block.occurrences(week):
            summary = f"{block.kind.label.capitalize()} block"
            if block.label:
                summary = f"{summary}: {block.label}"
            event = _event(f"block-{block.id}-{day:%Y%m%d}@{UID_DOMAIN}", summary, stamp)
            event.add("dtstart", _local(datetime.combine(day, block.start), zone))
            event.add("dtend", _local(datetime.combine(day, block.end), zone))
            event.add("description", f"Time set aside in planner: {block.describe()}.")
            event.add("categories", [block.kind.label])
            calendar.add_component(event)
    if zone is not UTC:
        calendar.add_missing_timezones(
            first_date=week.monday - timedelta(days=366),
            last_date=week.sunday + timedelta(days=366),
        )
    return calendar.to_ical()


def touch_summary(touch: Touch, contact: Contact | None) -> str:
    """`Call Ana Müller (A, referral ask)`."""
    name = contact.name if contact is not None else f"contact {touch.contact_id}"
    what = _VERBS[touch.channel].format(name=name)
    tier = f"{contact.tier.value}, " if contact is not None else ""
    return f"{what} ({tier}{touch.purpose.label})"


def _zone(tz: tzinfo) -> tzinfo:
    """`tz` if it is an IANA zone other than UTC; UTC for UTC and for anything without a name."""
    if isinstance(tz, ZoneInfo) and tz.key not in ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu"):
        return tz
    return UTC


def _local(moment: datetime, zone: tzinfo) -> datetime:
    """The planner's wall-clock time as a time in `zone`."""
    return moment.replace(tzinfo=zone)


def _event(uid: str, summary: str, stamp: datetime) -> icalendar.Event:
    import icalendar

    event = icalendar.Event()
    event.add("uid", uid)
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    return event


def touch_description(touch: Touch, contact: Contact | None) -> str:
    """The reason, purpose and channel, the contact's company, emails and phones, and the note."""
    lines: list[str] = []
    if touch.reason:
        lines.append(touch.reason)
    lines.append(f"Purpose: {touch.purpose.label}; channel: {touch.channel.label}.")
    if touch.carried_over and not touch.reason.startswith("Carried over"):
        lines.append("Carried over from an earlier week.")
    if contact is not None:
        if contact.title and contact.company:
            lines.append(f"{contact.title} at {contact.company}")
        elif contact.company or contact.title:
            lines.append(contact.company or contact.title)
        if contact.emails:
            lines.append("Email: " + ", ".join(contact.emails))
        if contact.phones:
            lines.append("Phone: " + ", ".join(contact.phones))
        if contact.url:
            lines.append(contact.url)
    if touch.note:
        lines.append(f"Note: {touch.note}")
    return "\n".join(lines)


TOUCH_COLUMNS: tuple[str, ...] = (
    "Id",
    "Week",
    "Date",
    "Start",
    "End",
    "Contact id",
    "Contact",
    "Company",
    "Tier",
    "Purpose",
    "Channel",
    "Status",
    "Reason",
    "Note",
    "Carried over",
    "Pinned",
)


def touches_to_csv(
    touches: Iterable[Touch], contacts: Mapping[int, Contact], *, bom: bool = True
) -> bytes:
    """Every touch given, by date and time, under `TOUCH_COLUMNS`, in the same CSV dialect as
    `contacts_to_csv` (UTF-8 with a byte-order mark for Excel unless `bom=False`)."""
    return touch_rows_to_csv(map(touch_row, touches), contacts, bom=bom)


def touch_rows_to_csv(
    rows: Iterable[TouchRow], contacts: Mapping[int, Contact], *, bom: bool = True
) -> bytes:
    """`touches_to_csv` of the touches' rows (what the store gives without building them)."""
    return csv_text(TOUCH_COLUMNS, _touch_lines(rows, contacts), bom=bom)


_MIDNIGHT = time()
#: The carried-over and pinned cells, with the end of the line.
_FLAGS = {
    (False, False): ",\r\n",
    (True, False): "yes,\r\n",
    (False, True): ",yes\r\n",
    (True, True): "yes,yes\r\n",
}


def _row_order(row: TouchRow) -> tuple[date, time, int]:
    """By date, then start time (a touch without one at midnight), then id."""
    return (row[0], row[1] or _MIDNIGHT, row[3])


def _touch_lines(rows: Iterable[TouchRow], contacts: Mapping[int, Contact]) -> Iterator[str]:
    """The CSV line of each touch, in order. Five years of touches repeat the same days,
    times, people and words: the cells of each are written (guarded and quoted) once, then
    looked up."""
    days: dict[date, str] = {}
    slots: dict[tuple[time | None, time | None], str] = {}
    people: dict[int, str] = {}
    kinds: dict[tuple[Purpose, Channel, TouchStatus], str] = {}
    texts: dict[str, str] = {"": ""}
    flags, cell = _FLAGS, csv_cell
    for row in sorted(rows, key=_row_order):
        day, start, end, ident, contact_id, purpose, channel, status, reason, note, *_ = row
        when = days.get(day)
        if when is None:
            when = days[day] = f"{Week.of(day)},{day.isoformat()}"
        slot = slots.get((start, end))
        if slot is None:
            slot = slots[(start, end)] = ",".join(
                "" if moment is None else f"{moment:%H:%M}" for moment in (start, end)
            )
        person = people.get(contact_id)
        if person is None:
            person = people[contact_id] = _person(contact_id, contacts.get(contact_id))
        kind = kinds.get((purpose, channel, status))
        if kind is None:
            kind = kinds[(purpose, channel, status)] = ",".join(
                cell(word.label) for word in (purpose, channel, status)
            )
        why = texts.get(reason)
        if why is None:
            why = texts[reason] = cell(reason)
        said = texts.get(note)
        if said is None:
            said = texts[note] = cell(note)
        yield f"{ident},{when},{slot},{person},{kind},{why},{said},{flags[row[10], row[11]]}"


def _person(ident: int, contact: Contact | None) -> str:
    """The contact id, name, company and tier cells of a touch with `contact`."""
    if contact is None:
        return f"{csv_cell(str(ident))},,,"
    # The tier joins as the text it is (a `StrEnum`), without the slow `.value`.
    cells = (csv_cell(str(ident)), csv_cell(contact.name), csv_cell(contact.company))
    return ",".join((*cells, contact.tier))
