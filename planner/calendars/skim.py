"""Skimming a calendar's text for single events far from the days asked, before parsing.

Parsing is most of the cost of reading a big calendar, and a calendar of years holds mostly
single events of other weeks. `skim` drops, from the text, the VEVENTs that surely cannot touch
the days asked: events without RRULE, RDATE or EXRULE whose UID has no RECURRENCE-ID anywhere,
whose start date (and end date, or start plus DURATION) as written lie more than two days
outside the range; two days cover the widest gap between time zones. Anything it cannot decide
is kept for the parser, so the result is what parsing the whole text would give for those days.
It never expands or interprets a repeat: that stays with `recurring-ical-events`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta

_MARGIN = timedelta(days=2)
_FOLD = re.compile(r"\r?\n[ \t]")
_DATE = r"(\d{4})(\d{2})(\d{2})"
_START = re.compile(rf"^DTSTART(?:;[^:\r\n]*)?:{_DATE}", re.IGNORECASE | re.MULTILINE)
_END = re.compile(rf"^DTEND(?:;[^:\r\n]*)?:{_DATE}", re.IGNORECASE | re.MULTILINE)
_DURATION = re.compile(r"^DURATION(?:;[^:\r\n]*)?:\s*\+?P([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_REPEATS = re.compile(r"^(?:RRULE|RDATE|EXRULE)[;:]", re.IGNORECASE | re.MULTILINE)
_RECURRENCE_ID = re.compile(r"^RECURRENCE-ID[;:]", re.IGNORECASE | re.MULTILINE)
_UID = re.compile(r"^UID(?:;[^:\r\n]*)?:([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_TZID = re.compile(r"^TZID(?:;[^:\r\n]*)?:([^\r\n]*)", re.IGNORECASE | re.MULTILINE)
_WEEKS = re.compile(r"(\d+)W")
_DAYS = re.compile(r"(\d+)D")
_TIMES = re.compile(r"(\d+)([HMS])")
_UNIT = {"H": 3600, "M": 60, "S": 1}


def skim(raw: bytes, start: date, end: date) -> bytes | None:
    """`raw` without the single events that cannot touch the days `start` to `end` (exclusive);
    `raw` itself when there is nothing to drop or the text is not plain UTF-8; None when it held
    events and none of them can touch those days (a CalDAV object of another week: nothing to
    parse)."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw
    lines = text.splitlines(keepends=True)
    pieces: list[str | list[str]] = []  # lines outside events, and each event's lines
    depth = 0
    current: list[str] | None = None
    for line in lines:
        word = line.strip().upper()
        if current is None:
            if word == "BEGIN:VEVENT":
                current, depth = [line], 1
            else:
                pieces.append(line)
            continue
        current.append(line)
        if word.startswith("BEGIN:"):
            depth += 1
        elif word.startswith("END:"):
            depth -= 1
            if depth == 0:
                pieces.append(current)
                current = None
    if current is not None:
        pieces.append(current)  # an event never closed: the parser will say so
    events = [(piece, _FOLD.sub("", "".join(piece))) for piece in pieces if isinstance(piece, list)]
    if not events:
        return raw
    repeating = {
        _uid(unfolded)
        for _, unfolded in events
        if _REPEATS.search(unfolded) or _RECURRENCE_ID.search(unfolded)
    }
    low, high = start - _MARGIN, end + _MARGIN
    dropped: set[int] = set()
    for piece, unfolded in events:
        if _REPEATS.search(unfolded) or _RECURRENCE_ID.search(unfolded):
            continue
        if _uid(unfolded) in repeating:
            continue
        span = _span(unfolded)
        if span is not None and (span[0] > high or span[1] < low):
            dropped.add(id(piece))
    if not dropped:
        return raw
    if len(dropped) == len(events):
        return None
    kept = [
        "".join(piece) if isinstance(piece, list) else piece
        for piece in pieces
        if not (isinstance(piece, list) and id(piece) in dropped)
    ]
    return "".join(kept).encode("utf-8")


def _uid(unfolded: str) -> str | None:
    found = _UID.search(unfolded)
    return found.group(1).strip() if found else None


def _span(unfolded: str) -> tuple[date, date] | None:
    """The first and last date the event may touch, as written; None when unsure."""
    first = _date(_START.search(unfolded))
    if first is None:
        return None
    last = _date(_END.search(unfolded))
    if last is None:
        duration = _DURATION.search(unfolded)
        if duration is None:
            last = first + timedelta(days=1)
        else:
            text = duration.group(1).upper()
            day_part, _, time_part = text.partition("T")
            weeks = sum(int(n) for n in _WEEKS.findall(day_part))
            days = sum(int(n) for n in _DAYS.findall(day_part))
            seconds = sum(int(n) * _UNIT[unit] for n, unit in _TIMES.findall(time_part))
            last = first + timedelta(weeks=weeks, days=days + 1, seconds=seconds)
    return (first, max(first, last))


def _date(found: re.Match[str] | None) -> date | None:
    if found is None:
        return None
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        return None


def combine(objects: Sequence[bytes]) -> bytes | None:
    """Several calendar objects (as a CalDAV server keeps them, one event series each) as one
    calendar, each time zone once, so that they are parsed in one go rather than one by one.
    None when that would not read the same: text that is not UTF-8, something outside a
    VCALENDAR, a calendar-wide X-WR-TIMEZONE, or two different time zones of the same TZID."""
    zones: dict[str, str] = {}
    events: list[str] = []
    for raw in objects:
        try:
            text = raw.decode("utf-8").lstrip("\ufeff")
        except UnicodeDecodeError:
            return None
        parts = _children(text)
        if parts is None:
            return None
        for name, block in parts:
            if name == "VTIMEZONE":
                found = _TZID.search(_FOLD.sub("", block))
                key = found.group(1).strip() if found else ""
                if zones.setdefault(key, block).strip() != block.strip():
                    return None
            elif name == "VEVENT":
                events.append(block)
    head = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//planner//calendar objects//EN\r\n"
    body = "".join(_ending(block) for block in (*zones.values(), *events))
    return (head + body + "END:VCALENDAR\r\n").encode("utf-8")


def _children(text: str) -> list[tuple[str, str]] | None:
    """The components right inside the VCALENDAR of `text`, by name; None when the text is not
    one plain VCALENDAR (or sets X-WR-TIMEZONE)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip().upper() != "BEGIN:VCALENDAR":
        return None
    found: list[tuple[str, str]] = []
    depth = 0
    current: list[str] = []
    name = ""
    for line in lines[1:]:
        word = line.strip().upper()
        if depth == 0:
            if word.startswith("BEGIN:"):
                name, current, depth = word[6:], [line], 1
            elif word == "END:VCALENDAR":
                return found
            elif word.startswith("X-WR-TIMEZONE"):
                return None
            continue
        current.append(line)
        if word.startswith("BEGIN:"):
            depth += 1
        elif word.startswith("END:"):
            depth -= 1
            if depth == 0:
                found.append((name, "".join(current)))
    return None  # never closed


def _ending(block: str) -> str:
    return block if block.endswith("\n") else block + "\r\n"
