"""The user's calendars as the database keeps them: plain values, checked without any I/O.

- `CalendarSource`: where one calendar is (an iCalendar file or URL, or a CalDAV collection)
  and how its events count (all-day events busy or free, minutes kept free around each event,
  whether it receives the planned week and how early its reminders ring). Never a password.
- `PublishState`: what the last publish wrote to the calendar that receives the week, per
  touch (`Published`), so that the next publish changes only what changed.
- `Calendar`: one row of the database's `calendars` table: an id, a source, and for the
  calendar that receives the week its `PublishState`.

Reading, fetching and publishing are `planner.calendars`' business; checking what a user typed
(relative paths, `webcal://`, a user written in the URL) is `planner.calendars.make_source`'s.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import urlsplit

from planner.domain.busy import MAX_BUFFER_MINUTES
from planner.domain.errors import ValidationError
from planner.domain.weeks import Week

PASSWORD_ENV = "PLANNER_CALDAV_PASSWORD"
NAME_LIMIT = 40
#: The longest alarm before a published touch: a day.
MAX_ALARM_MINUTES = 24 * 60
DEFAULT_ALARM_MINUTES = 10
_DATABASE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def is_database_id(text: object) -> bool:
    """True for a database id as published event UIDs use it: 1 to 64 letters, digits, - or _."""
    return isinstance(text, str) and _DATABASE_ID.match(text) is not None


class CalendarKind(StrEnum):
    ICS = "ics"
    CALDAV = "caldav"


@dataclass(frozen=True, slots=True)
class CalendarSource:
    """One calendar: an iCalendar file or URL (`ics`) or a CalDAV calendar collection.

    `location` is an absolute file path or an http(s) URL without a password. `all_day_busy`
    makes all-day events busy (free by default); `buffer_minutes` is kept free before and after
    each of its events. A CalDAV calendar with `publish` receives the planned week, each touch
    with an alarm `alarm_minutes` before it.
    """

    name: str
    kind: CalendarKind
    location: str
    user: str = ""
    password_command: str = ""
    all_day_busy: bool = False
    buffer_minutes: int = 0
    publish: bool = False
    alarm_minutes: int = DEFAULT_ALARM_MINUTES

    @property
    def is_url(self) -> bool:
        return self.location.startswith(("http://", "https://"))

    @property
    def fingerprint(self) -> str:
        """Changes when the calendar is another one (kind, place or user): its cache is void."""
        text = "\n".join((self.kind.value, self.location, self.user))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]

    @property
    def shown_location(self) -> str:
        """The location for messages: a path, a CalDAV URL, or only the host of an iCalendar URL
        (its path is often the secret of a "secret address")."""
        if self.kind is CalendarKind.ICS and self.is_url:
            parts = urlsplit(self.location)
            return f"{parts.scheme}://{parts.hostname or ''}/…"
        return self.location

    def to_json(self) -> dict[str, Any]:
        """What the store keeps: every field; never a password."""
        return {
            "name": self.name,
            "kind": self.kind.value,
            "location": self.location,
            "user": self.user,
            "password_command": self.password_command,
            "all_day_busy": self.all_day_busy,
            "buffer_minutes": self.buffer_minutes,
            "publish": self.publish,
            "alarm_minutes": self.alarm_minutes,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> CalendarSource:
        """Read back what `to_json` wrote, checked again (ValidationError when it is not right)."""
        try:
            kind = CalendarKind(data["kind"])
            location = data["location"]
        except (KeyError, ValueError, TypeError):
            raise ValidationError("kind", "A calendar must be an ics or a caldav one.") from None
        return checked_source(
            CalendarSource(
                name=_text(data.get("name", ""), "name"),
                kind=kind,
                location=_text(location, kind.value),
                user=_text(data.get("user", "") or "", "user"),
                password_command=_text(data.get("password_command", "") or "", "password_command"),
                all_day_busy=_flag(data.get("all_day_busy", False), "all_day"),
                buffer_minutes=whole_minutes(
                    data.get("buffer_minutes", 0), "buffer", 0, MAX_BUFFER_MINUTES, "A buffer"
                ),
                publish=_flag(data.get("publish", False), "publish"),
                alarm_minutes=whole_minutes(
                    data.get("alarm_minutes", DEFAULT_ALARM_MINUTES),
                    "alarm",
                    0,
                    MAX_ALARM_MINUTES,
                    "An alarm",
                ),
            )
        )


def checked_source(source: CalendarSource) -> CalendarSource:
    """`source` if every setting is right, else a `ValidationError` naming the field: a name,
    an absolute file path or an http(s) URL without a password or a user in it, a user and a
    password command only for an address, publishing only to CalDAV."""
    if clean_calendar_name(source.name) != source.name:
        raise ValidationError("name", "A calendar's name has no spaces at its ends or doubled.")
    field_name = source.kind.value
    if source.is_url:
        parts = urlsplit(source.location)
        if parts.password is not None or parts.username is not None:
            raise ValidationError(
                field_name,
                "The address holds a user or a password, and a password is never stored: take "
                f"it out of the address and give --password-command, or set {PASSWORD_ENV}.",
            )
        if not parts.hostname:
            raise ValidationError(field_name, "A calendar's address names no host.")
    elif source.kind is CalendarKind.CALDAV:
        raise ValidationError("caldav", "A CalDAV calendar is an http(s) address.")
    elif not (
        PurePosixPath(source.location).is_absolute()
        or PureWindowsPath(source.location).is_absolute()
    ):
        raise ValidationError("ics", f"'{source.location}' is not a whole path to a file.")
    for name, value in (("user", source.user), ("password_command", source.password_command)):
        if any(not char.isprintable() for char in value):
            raise ValidationError(
                name, f"--{name.replace('_', '-')} cannot hold control characters."
            )
    if source.password_command and not source.is_url:
        raise ValidationError(
            "password_command", "A file needs no password; --password-command is for addresses."
        )
    if source.user and not source.is_url:
        raise ValidationError("user", "A file needs no user; --user is for addresses.")
    whole_minutes(source.buffer_minutes, "buffer", 0, MAX_BUFFER_MINUTES, "A buffer")
    whole_minutes(source.alarm_minutes, "alarm", 0, MAX_ALARM_MINUTES, "An alarm")
    if source.publish and source.kind is not CalendarKind.CALDAV:
        raise ValidationError(
            "publish", "Only a CalDAV calendar can receive the week; add it with --caldav URL."
        )
    return source


def clean_calendar_name(name: object) -> str:
    """A calendar's name with white space tidied, or a `ValidationError` saying what is wrong."""
    cleaned = " ".join(str(name).split())
    if not cleaned:
        raise ValidationError("name", "A calendar needs a name, such as work or family.")
    if len(cleaned) > NAME_LIMIT:
        raise ValidationError(
            "name",
            f"A calendar's name is at most {NAME_LIMIT} characters; this one has {len(cleaned)}.",
        )
    if any(not char.isprintable() for char in cleaned):
        raise ValidationError("name", "A calendar's name cannot hold control characters.")
    return cleaned


def whole_minutes(value: object, field_name: str, low: int, high: int, what: str) -> int:
    """A whole number of minutes from `low` to `high` (given as a number or as text)."""
    if isinstance(value, bool):
        raise ValidationError(field_name, f"{what} is a whole number of minutes, not {value}.")
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        raise ValidationError(field_name, f"{what} is a whole number of minutes, not '{text}'.")
    number = int(text)
    if not low <= number <= high:
        raise ValidationError(field_name, f"{what} is {low} to {high} minutes, not {number}.")
    return number


def _text(value: object, field_name: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(field_name, f"expected text, found {value!r:.40}")
    return value


def _flag(value: object, field_name: str) -> bool:
    if not isinstance(value, bool):
        raise ValidationError(field_name, f"expected true or false, found {value!r:.40}")
    return value


# Publishing ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Published:
    """One touch's event as last written: its UID, its path on the server, the server's ETag
    right after the write, a digest of its meaning, and the ISO week the touch was in."""

    uid: str
    href: str
    etag: str
    digest: str
    week: str

    def to_json(self) -> dict[str, str]:
        return {
            "uid": self.uid,
            "href": self.href,
            "etag": self.etag,
            "digest": self.digest,
            "week": self.week,
        }


@dataclass(slots=True)
class PublishState:
    """What is kept between publishes (in the database): the calendar's URL and, per touch id,
    its `Published` event. A state for another calendar URL is started afresh.

    JSON: `{"calendar": url, "events": {"<touch id>": {"uid", "href", "etag", "digest",
    "week"}}}`.
    """

    calendar: str = ""
    events: dict[int, Published] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "calendar": self.calendar,
            "events": {str(ident): self.events[ident].to_json() for ident in sorted(self.events)},
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any] | None) -> PublishState:
        """Read back `to_json`; entries that do not read are dropped (their events are then
        found again by their UID on the next publish)."""
        if not isinstance(data, Mapping):
            return cls()
        events: dict[int, Published] = {}
        raw = data.get("events")
        for key, entry in raw.items() if isinstance(raw, Mapping) else ():
            try:
                events[int(key)] = Published(
                    str(entry["uid"]),
                    str(entry["href"]),
                    str(entry["etag"]),
                    str(entry["digest"]),
                    str(entry["week"]),
                )
            except (KeyError, TypeError, ValueError):
                continue
        return cls(str(data.get("calendar", "") or ""), events)

    def pruned(self, since: Week, *, keep: Week | None = None) -> PublishState:
        """The state without the events of weeks before `since` (but those of `keep`): weeks
        long past are not published again, and the state stays small. Should one be published
        again, its events are found on the server by their UID."""
        kept = {
            ident: entry
            for ident, entry in self.events.items()
            if entry.week >= str(since) or (keep is not None and entry.week == str(keep))
        }
        return PublishState(self.calendar, kept)


@dataclass(frozen=True, slots=True)
class Calendar:
    """A calendar as the database keeps it: its id, its settings, and what was last published
    to it (empty unless it receives the week)."""

    id: int
    source: CalendarSource
    published: PublishState = field(default_factory=PublishState, compare=True)

    @property
    def name(self) -> str:
        return self.source.name


__all__ = [
    "DEFAULT_ALARM_MINUTES",
    "MAX_ALARM_MINUTES",
    "NAME_LIMIT",
    "PASSWORD_ENV",
    "Calendar",
    "CalendarKind",
    "CalendarSource",
    "PublishState",
    "Published",
    "checked_source",
    "clean_calendar_name",
    "is_database_id",
    "whole_minutes",
]
