"""Every rule about user input, in one place.

Functions here turn what a person typed (on the command line, in a form, in an imported file)
into model values, or raise `ValidationError` naming the field and saying in a sentence what is
wrong and what to do instead.
"""

from __future__ import annotations

import calendar
import math
import re
import unicodedata
from collections.abc import Container, Iterable
from datetime import date, time
from typing import TypeVar

from planner.domain.enums import (
    BlockKind,
    Channel,
    GoalMetric,
    Purpose,
    Relationship,
    Tier,
    TouchStatus,
    Vocabulary,
    Weekday,
)
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, Goal, TimeBlock, minutes_of
from planner.domain.weeks import FIRST_YEAR, LAST_YEAR

NAME_LIMIT = 200
SHORT_TEXT_LIMIT = 200
LONG_TEXT_LIMIT = 100_000
CADENCE_LIMIT = 3650

_E = TypeVar("_E", bound=Vocabulary)
_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+$")
_DAY_WORDS = {name.lower(): day for day in Weekday for name in (day.value, day.label)}
_MONTH_NAMES = list(calendar.month_name)
_WHOLE = re.compile(r"[+-]?[0-9]{1,12}")
_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,12}(?:\.[0-9]*)?|\.[0-9]+)")


def _shown(text: str, limit: int = 40) -> str:
    """What the user typed, cut short enough to quote in a message."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _choices(words: list[str]) -> str:
    quoted = [f"'{word}'" if " " in word else word for word in words]
    return ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _parse_token(cls: type[_E], value: object, field: str, what: str) -> _E:
    if isinstance(value, cls):
        return value
    text = str(value or "").strip()
    for member in cls:
        if text.lower() == member.value.lower() or text.lower() == member.label.lower():
            return member
    if not text:
        raise ValidationError(field, f"{what} is required: use {_choices(cls.tokens())}.")
    raise ValidationError(field, f"{what} '{_shown(text)}' is not one of {_choices(cls.tokens())}.")


def parse_tier(value: object, field: str = "tier") -> Tier:
    return _parse_token(Tier, value, field, "Tier")


def parse_relationship(value: object, field: str = "relationship") -> Relationship:
    return _parse_token(Relationship, value, field, "Relationship")


def parse_purpose(value: object, field: str = "purpose") -> Purpose:
    return _parse_token(Purpose, value, field, "Purpose")


def parse_channel(value: object, field: str = "channel") -> Channel:
    return _parse_token(Channel, value, field, "Channel")


def parse_kind(value: object, field: str = "kind") -> BlockKind:
    return _parse_token(BlockKind, value, field, "Kind")


def parse_status(value: object, field: str = "status") -> TouchStatus:
    return _parse_token(TouchStatus, value, field, "Status")


def parse_metric(value: object, field: str = "metric") -> GoalMetric:
    return _parse_token(GoalMetric, value, field, "Metric")


def parse_weekday(value: object, field: str = "day") -> Weekday:
    if isinstance(value, Weekday):
        return value
    text = str(value or "").strip().lower()
    if text in _DAY_WORDS:
        return _DAY_WORDS[text]
    if not text:
        raise ValidationError(field, f"Day is required: use {_choices(Weekday.tokens())}.")
    raise ValidationError(
        field, f"Day '{_shown(text)}' is not one of {_choices(Weekday.tokens())}."
    )


def parse_date(value: object, field: str = "date", what: str = "Date") -> date:
    """A strict `YYYY-MM-DD`; a date that does not exist (30 February) is named as such."""
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationError(field, f"{what} is required: write it as YYYY-MM-DD.")
    match = _DATE.match(text)
    if not match:
        raise ValidationError(
            field,
            f"{what} '{_shown(text)}' is not a date; write it as YYYY-MM-DD, e.g. 2026-11-23.",
        )
    year, month, day = (int(part) for part in match.groups())
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValidationError(
            field, f"{what} '{text}' is out of range: use a year from {FIRST_YEAR} to {LAST_YEAR}."
        )
    if not 1 <= month <= 12:
        raise ValidationError(field, f"{what} '{text}' has no month {month}; use 01 to 12.")
    last = calendar.monthrange(year, month)[1]
    if not 1 <= day <= last:
        raise ValidationError(
            field,
            f"{what} '{text}' does not exist: {_MONTH_NAMES[month]} {year} has {last} days.",
        )
    return date(year, month, day)


def parse_time(value: object, field: str = "start", what: str = "Start") -> time:
    """`HH:MM` on a 24-hour clock, 00:00 to 23:59."""
    if isinstance(value, time):
        return value
    text = str(value or "").strip()
    if not text:
        raise ValidationError(field, f"{what} is required: write it as HH:MM, e.g. 09:30.")
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise ValidationError(
        field,
        f"{what} '{_shown(text)}' is not a time of day; write it as HH:MM between 00:00 and 23:59.",
    )


def parse_int(
    value: object, field: str, what: str, *, minimum: int, maximum: int, unit: str = ""
) -> int:
    text = str(value).strip() if value is not None else ""
    # Written in ASCII digits (`int` would also take `1_000` and other scripts' digits).
    number = int(text) if _WHOLE.fullmatch(text) else None
    if number is None or not minimum <= number <= maximum:
        unit_text = f" {unit}" if unit else ""
        raise ValidationError(
            field,
            f"{what} must be a whole number{unit_text} from {minimum} to {maximum}, "
            f"not '{_shown(text)}'.",
        )
    return number


def parse_cadence(value: object, field: str = "cadence") -> int | None:
    """Days between touches; empty means 'use the tier's cadence'."""
    if value is None or str(value).strip() == "":
        return None
    return parse_int(value, field, "Cadence", minimum=1, maximum=CADENCE_LIMIT, unit="of days")


def _printable(text: str, *, keep_lines: bool = False) -> str:
    """Drop control characters (escape sequences, NUL...) that would garble a terminal. Text
    kept to one line keeps the white space ones (a tab, a line break) for the caller to turn
    into spaces between its words."""
    kept = "\n\t" if keep_lines else "\t\n\r\v\f"
    return "".join(char for char in text if char in kept or unicodedata.category(char) != "Cc")


def clean_name(value: object, field: str = "name") -> str:
    text = " ".join(_printable(str(value or "")).split())
    if not text:
        raise ValidationError(field, "Name is required: type the person's name.")
    if len(text) > NAME_LIMIT:
        raise ValidationError(
            field, f"Name is too long ({len(text)} characters); keep it to {NAME_LIMIT}."
        )
    return text


def clean_text(
    value: object, field: str, what: str, limit: int = SHORT_TEXT_LIMIT, *, multiline: bool = False
) -> str:
    text = _printable(str(value or ""), keep_lines=multiline)
    text = text.strip() if multiline else " ".join(text.split())
    if len(text) > limit:
        raise ValidationError(
            field, f"{what} is too long ({len(text):,} characters); keep it to {limit:,}."
        )
    return text


def clean_emails(values: Iterable[object], field: str = "email") -> tuple[str, ...]:
    emails: list[str] = []
    for value in values:
        text = str(value or "").strip()
        if not text:
            continue
        if not _EMAIL.match(text) or len(text) > SHORT_TEXT_LIMIT:
            raise ValidationError(
                field, f"Email '{_shown(text)}' does not look like an address (name@example.com)."
            )
        if text.lower() not in (known.lower() for known in emails):
            emails.append(text)
    return tuple(emails)


def clean_phones(values: Iterable[object], field: str = "phone") -> tuple[str, ...]:
    phones: list[str] = []
    for value in values:
        text = " ".join(str(value or "").split())
        if not text:
            continue
        if len(text) > 60:
            raise ValidationError(field, f"Phone '{text[:20]}…' is too long; keep it to 60.")
        if not any(char.isdigit() for char in text):
            raise ValidationError(field, f"Phone '{text}' has no digits in it; check the number.")
        if text not in phones:
            phones.append(text)
    return tuple(phones)


def clean_tags(values: Iterable[object], field: str = "tag") -> tuple[str, ...]:
    tags: list[str] = []
    for value in values:
        text = " ".join(str(value or "").split())
        if not text:
            continue
        if len(text) > 60:
            raise ValidationError(field, f"Tag '{text[:20]}…' is too long; keep tags to 60.")
        if text.lower() not in (known.lower() for known in tags):
            tags.append(text)
    return tuple(tags)


def build_contact(
    *,
    id: int,  # noqa: A002 - the model's own field name
    added: date,
    name: object,
    company: object = "",
    title: object = "",
    emails: Iterable[object] = (),
    phones: Iterable[object] = (),
    tier: object = Tier.C,
    relationship: object = Relationship.PROSPECT,
    tags: Iterable[object] = (),
    met_at: object = "",
    referred_by: int | None = None,
    cadence_days: object = None,
    notes: object = "",
    archived: bool = False,
    url: object = "",
    to_sort: bool = False,
    known_ids: Container[int] | None = None,
) -> Contact:
    """A valid `Contact` from raw input, or a `ValidationError` for the first bad field."""
    if referred_by is not None:
        if referred_by == id:
            raise ValidationError("referred_by", "A contact cannot be referred by themselves.")
        if known_ids is not None and referred_by not in known_ids:
            raise ValidationError(
                "referred_by", f"Referred by: there is no contact with id {referred_by}."
            )
    return Contact(
        id=id,
        added=added,
        name=clean_name(name),
        company=clean_text(company, "company", "Company"),
        title=clean_text(title, "title", "Title"),
        emails=clean_emails(emails),
        phones=clean_phones(phones),
        tier=parse_tier(tier),
        relationship=parse_relationship(relationship),
        tags=clean_tags(tags),
        met_at=clean_text(met_at, "met_at", "Where met"),
        referred_by=referred_by,
        cadence_days=parse_cadence(cadence_days),
        notes=clean_text(notes, "notes", "Notes", LONG_TEXT_LIMIT, multiline=True),
        archived=bool(archived),
        url=clean_text(url, "url", "URL", 500),
        to_sort=bool(to_sort),
    )


def build_block(
    *,
    id: int,  # noqa: A002
    kind: object,
    start: object,
    end: object,
    day: object = None,
    date: object = None,  # noqa: A002 - the model's own field name
    label: object = "",
    others: Iterable[TimeBlock] = (),
) -> TimeBlock:
    """A valid `TimeBlock`; refuses end before start and any clash with `others`."""
    has_day = day not in (None, "")
    has_date = date not in (None, "")
    if has_day and has_date:
        raise ValidationError(
            "day", "Give a weekday for a weekly block or a date for a one-off, not both."
        )
    if not has_day and not has_date:
        raise ValidationError(
            "day", "A block needs a weekday (every week) or a date (once): give one of them."
        )
    block = TimeBlock(
        id=id,
        kind=parse_kind(kind),
        start=parse_time(start, "start", "Start"),
        end=parse_time(end, "end", "End"),
        day=parse_weekday(day) if has_day else None,
        date=parse_date(date) if has_date else None,
        label=clean_text(label, "label", "Label", 80),
    )
    if minutes_of(block.end) <= minutes_of(block.start):
        raise ValidationError(
            "end",
            f"End {block.end:%H:%M} must be after start {block.start:%H:%M} on the same day.",
        )
    clash = find_clash(block, others)
    if clash is not None:
        raise ValidationError(
            "start",
            f"This block overlaps block {clash.id} ({clash.describe()}); "
            "choose a time that does not clash.",
        )
    return block


def find_clash(block: TimeBlock, others: Iterable[TimeBlock]) -> TimeBlock | None:
    """The first other block sharing time with `block` on a day both happen, if any."""
    for other in sorted(others, key=lambda each: each.id):
        if other.id == block.id or not _same_day(block, other):
            continue
        if minutes_of(block.start) < minutes_of(other.end) and minutes_of(other.start) < minutes_of(
            block.end
        ):
            return other
    return None


def _same_day(one: TimeBlock, other: TimeBlock) -> bool:
    if one.date is not None and other.date is not None:
        return one.date == other.date
    return one.weekday is other.weekday


def build_goal(
    *,
    id: int,  # noqa: A002
    metric: object,
    target: object,
    tier: object = None,
    channel: object = None,
) -> Goal:
    """A valid `Goal`: shares from 0 to 100, counts whole and not negative; a tier or a
    channel only for touches done."""
    parsed_metric = parse_metric(metric)
    text = str(target if target is not None else "").strip().rstrip("%").strip()
    shown = _shown(text)
    if not text:
        raise ValidationError("target", "Target is required: type a number, e.g. 40.")
    if not _DECIMAL.fullmatch(text):
        raise ValidationError(
            "target", f"Target '{shown}' is not a number; write it like 40 or 2.5."
        )
    number = float(text)
    if not math.isfinite(number):
        raise ValidationError("target", f"Target '{shown}' is not a number.")
    if number < 0:
        raise ValidationError("target", f"Target cannot be negative ({shown}); use 0 or more.")
    if parsed_metric.is_share and number > 100:
        raise ValidationError(
            "target", f"A share is a percentage from 0 to 100; {shown} is more than 100."
        )
    if not parsed_metric.is_share and number != int(number):
        raise ValidationError(
            "target", f"{parsed_metric.label} counts whole numbers; {shown} is not one."
        )
    if number > 1_000_000:
        raise ValidationError("target", f"Target {shown} is too large; keep it under 1,000,000.")
    parsed_tier = None
    if tier not in (None, ""):
        if not parsed_metric.takes_tier:
            raise ValidationError(
                "tier",
                f"A tier only applies to touches done, not to {parsed_metric.label.lower()}.",
            )
        parsed_tier = parse_tier(tier)
    parsed_channel = None
    if channel not in (None, ""):
        if not parsed_metric.takes_channel:
            raise ValidationError(
                "channel",
                f"A channel only applies to touches done, not to {parsed_metric.label.lower()}.",
            )
        parsed_channel = parse_channel(channel)
    return Goal(
        id=id, metric=parsed_metric, target=number, tier=parsed_tier, channel=parsed_channel
    )
