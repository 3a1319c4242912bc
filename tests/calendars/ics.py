"""Writing small iCalendar files for the tests, line by line as a calendar program would."""

from __future__ import annotations

BERLIN_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Custom/Berlin
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE"""


def event(uid: str, *lines: str, summary: str | None = None) -> str:
    """A VEVENT with `uid`, a DTSTAMP, a SUMMARY (the UID unless given) and `lines`."""
    body = [f"UID:{uid}", "DTSTAMP:20260101T000000Z", f"SUMMARY:{summary or uid}", *lines]
    return "\n".join(["BEGIN:VEVENT", *body, "END:VEVENT"])


def calendar(*parts: str) -> bytes:
    """A VCALENDAR around `parts` (events, time zones), CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//tests//planner//EN", *parts]
    lines.append("END:VCALENDAR")
    return ("\r\n".join("\n".join(lines).split("\n")) + "\r\n").encode("utf-8")
