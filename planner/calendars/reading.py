"""iCalendar bytes in, event occurrences and busy time out, in local time.

`icalendar` parses, `recurring-ical-events` expands repeats (RRULE, RDATE, EXDATE, moved and
cancelled instances, X-WR-TIMEZONE); nothing here expands a rule by hand. Each event series is
expanded on its own, so one broken event is reported and the others are still used; a file that
does not parse at all is reported in words. Times in any zone (a VTIMEZONE, an IANA or Windows
zone name, UTC) become wall-clock time of the given local zone; floating times are local already.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

import icalendar
import recurring_ical_events
from recurring_ical_events import ComponentsWithName, EventAdapter, Series

# `Reading` and `busy_from` live with the plain values (importing them loads no parser); they
# are named here too, where the readers of this module look for them.
from planner.calendars.events import Occurrence, Problem, Reading
from planner.calendars.events import busy_from as busy_from
from planner.calendars.skim import combine, skim

#: UIDs of events the planner publishes start with this; they are never read back as busy time.
OWN_UID_PREFIX = "planner-"
#: Widest gap between two zones' clocks is 26 hours: expand this much around the asked range.
_MARGIN = timedelta(days=2)
_SNIPPET = 40


def read_events(
    data: bytes | Sequence[bytes],
    *,
    calendar: str,
    start: date,
    end: date,
    zone: tzinfo,
    own_uid_prefix: str = OWN_UID_PREFIX,
    whole: bool = False,
) -> Reading:
    """The occurrences of events in `data` that touch the local days `start` to `end` (exclusive).

    `data` is one iCalendar file, or several calendar objects (as a CalDAV server hands them
    out), each read on its own. Cancelled occurrences are left out, and so are events whose UID
    starts with `own_uid_prefix` (the planner's own). Occurrences are sorted by start, end, UID.
    Single events far from those days are skimmed off before parsing (see `skim`), so their
    problems are not reported; `whole` parses everything (to check a whole calendar).
    """
    reading = Reading()
    objects = [data] if isinstance(data, bytes | bytearray) else list(data)
    span = (datetime.combine(start, time()), datetime.combine(end, time()))
    texts = [bytes(raw) for raw in objects]
    if not whole:  # none of the events of a None can touch the days asked
        texts = [text for text in (skim(raw, start, end) for raw in texts) if text is not None]
    merged = combine(texts) if len(texts) > 1 else None
    if merged is not None:
        try:
            together = icalendar.Calendar.from_ical(merged)
        except Exception:  # one object spoils them all: read them one by one, naming it
            together = None
        if isinstance(together, icalendar.Calendar):
            texts = []
            _expand(together, calendar, span, zone, own_uid_prefix, reading)
    for text in texts:
        parsed = _parse(text, calendar, single=len(objects) == 1, problems=reading.problems)
        if parsed is not None:
            _expand(parsed, calendar, span, zone, own_uid_prefix, reading)
    reading.occurrences.sort(key=lambda each: (each.start, each.end, each.uid, each.summary))
    return reading


def _parse(
    raw: bytes, calendar: str, *, single: bool, problems: list[Problem]
) -> icalendar.Calendar | None:
    where = "the calendar" if single else "a calendar object"
    text = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text:
        problems.append(Problem(calendar, "", f"{where} is empty"))
        return None
    if not text[:64].upper().startswith(b"BEGIN:V"):
        problems.append(
            Problem(
                calendar,
                "",
                f"{where} is not in iCalendar format (it begins with {_snippet(text)!r})",
            )
        )
        return None
    try:
        parsed = icalendar.Calendar.from_ical(raw)
    except Exception as error:  # the parser raises many kinds: each is a broken file
        problems.append(Problem(calendar, "", f"{where} cannot be read as iCalendar: {error}"))
        return None
    if isinstance(parsed, icalendar.Calendar):
        return parsed
    # A bare VEVENT (no VCALENDAR around it) still holds an event.
    wrapper = icalendar.Calendar()
    wrapper.add_component(parsed)
    return wrapper


def _snippet(text: bytes) -> str:
    line = text.split(b"\n", 1)[0][:_SNIPPET]
    return line.decode("utf-8", "replace").strip()


class _EventSeries(ComponentsWithName):
    """VEVENTs grouped into series by UID, as `recurring-ical-events` does, except that a series
    that cannot be built is reported instead of sinking the whole calendar."""

    def __init__(self, calendar: str, own_uid_prefix: str, problems: list[Problem]) -> None:
        super().__init__("VEVENT")
        self.calendar = calendar
        self.own_uid_prefix = own_uid_prefix
        self.problems = problems
        self.first: dict[int, icalendar.Component] = {}

    def collect_series_from(
        self, source: icalendar.Component, suppress_errors: Any
    ) -> Sequence[Series]:
        groups: dict[str, list[EventAdapter]] = defaultdict(list)
        firsts: dict[str, icalendar.Component] = {}
        for component in source.walk("VEVENT"):
            adapter = EventAdapter(component)
            uid = str(adapter.uid)
            if self.own_uid_prefix and uid.startswith(self.own_uid_prefix):
                continue
            groups[uid].append(adapter)
            firsts.setdefault(uid, component)
            self._check_zone(component)
        made: list[Series] = []
        for uid, adapters in groups.items():
            try:
                series = Series(adapters)
            except Exception as error:
                self.problems.append(_broken(self.calendar, firsts[uid], error))
                continue
            self.first[id(series)] = firsts[uid]
            made.append(series)
        return made

    def _check_zone(self, component: icalendar.Component) -> None:
        prop = component.get("DTSTART")
        zone = getattr(prop, "params", {}).get("TZID") if prop is not None else None
        moment = getattr(prop, "dt", None)
        if zone and isinstance(moment, datetime) and moment.tzinfo is None:
            self.problems.append(
                Problem(
                    self.calendar,
                    _name(component),
                    f"its time zone '{zone}' is unknown, so its times are read as local time",
                )
            )


def _expand(
    parsed: icalendar.Calendar,
    calendar: str,
    span: tuple[datetime, datetime],
    zone: tzinfo,
    own_uid_prefix: str,
    reading: Reading,
) -> None:
    selector = _EventSeries(calendar, own_uid_prefix, reading.problems)
    try:
        query = recurring_ical_events.of(parsed, components=[selector])
    except Exception as error:  # the calendar as a whole (its CALSCALE, its X-WR-TIMEZONE)
        reading.problems.append(Problem(calendar, "", f"the calendar cannot be expanded: {error}"))
        return
    low, high = span
    for series in query.series:
        try:
            found = [
                occurrence.as_component(False)
                for occurrence in series.between(low - _MARGIN, high + _MARGIN)
            ]
            made = [
                each
                for each in (_occurrence(component, calendar, zone) for component in found)
                if each is not None
            ]
        except Exception as error:
            component = selector.first.get(id(series))
            if component is not None:
                reading.problems.append(_broken(calendar, component, error))
            else:  # pragma: no cover - every series comes from the selector
                reading.problems.append(Problem(calendar, "", f"an event is broken: {error}"))
            continue
        reading.occurrences.extend(
            each for each in made if (each.end > low and each.start < high) or each.start == low
        )


def _occurrence(component: icalendar.Component, calendar: str, zone: tzinfo) -> Occurrence | None:
    if str(component.get("STATUS", "")).upper() == "CANCELLED":
        return None
    begin = _when(component.get("DTSTART"))
    if begin is None:
        raise ValueError("it has no readable start")
    finish = _when(component.get("DTEND")) or begin
    all_day = not isinstance(begin, datetime)
    start, end = _local(begin, zone), _local(finish, zone)
    if all_day and end <= start:
        end = start + timedelta(days=1)  # a day's event written with DTEND = DTSTART
    end = max(end, start)
    return Occurrence(
        calendar=calendar,
        uid=str(component.get("UID", "")),
        summary=_text(component.get("SUMMARY", "")),
        start=start,
        end=end,
        all_day=all_day,
        transparent=str(component.get("TRANSP", "")).upper() == "TRANSPARENT",
        emails=_emails(component),
    )


def _when(prop: object) -> date | None:
    """The date or date-time of a DTSTART or DTEND property, if it holds one."""
    moment = getattr(prop, "dt", None)
    return moment if isinstance(moment, date) else None


def _local(moment: date, zone: tzinfo) -> datetime:
    if isinstance(moment, datetime):
        if moment.tzinfo is None:
            return moment  # floating time: the same wall clock everywhere
        return moment.astimezone(zone).replace(tzinfo=None)
    return datetime.combine(moment, time())


def _emails(component: icalendar.Component) -> tuple[str, ...]:
    found: list[str] = []
    for name in ("ORGANIZER", "ATTENDEE"):
        values = component.get(name)
        if values is None:
            continue
        for value in values if isinstance(values, list) else [values]:
            address = str(value).strip()
            if address.lower().startswith("mailto:"):
                address = address[7:]
            address = "".join(address.split()).lower()  # a badly folded line leaves a space
            if "@" in address and address not in found:
                found.append(address)
    return tuple(found)


def _text(value: object) -> str:
    return " ".join(str(value).split())


def _name(component: icalendar.Component) -> str:
    summary = _text(component.get("SUMMARY", ""))
    if summary:
        return f"'{summary}'"
    uid = component.get("UID")
    if uid:
        return f"with UID {uid}"
    begin = _when(component.get("DTSTART"))
    if isinstance(begin, datetime):
        return f"without a title starting {begin:%Y-%m-%d %H:%M}"
    if isinstance(begin, date):
        return f"without a title starting {begin.isoformat()}"
    return "without a title, UID or start"


def _broken(calendar: str, component: icalendar.Component, error: Exception) -> Problem:
    reason = str(error) or type(error).__name__
    if isinstance(error, ValueError) and reason.startswith("it has no"):
        return Problem(calendar, _name(component), f"{reason}; it is left out")
    if isinstance(error, KeyError):
        reason = f"it has no readable {error.args[0] if error.args else 'value'}"
    return Problem(calendar, _name(component), f"it cannot be read ({reason}); it is left out")
