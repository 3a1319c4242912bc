"""Which calendars the planner reads and writes, checked in one place, and their passwords.

A `CalendarSource` is what the store keeps for one calendar: never a password. The password of a
CalDAV calendar (or of an iCalendar URL behind a login) comes, each time it is needed, from the
first line printed by the user's `--password-command` (as khal and vdirsyncer do), else from the
environment variable `PLANNER_CALDAV_PASSWORD`.
"""

from __future__ import annotations

import hashlib
import os
import shlex
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit, urlunsplit

from planner.calendars.errors import CalendarError
from planner.domain.busy import MAX_BUFFER_MINUTES
from planner.domain.errors import ValidationError

PASSWORD_ENV = "PLANNER_CALDAV_PASSWORD"
NAME_LIMIT = 40
#: The longest alarm before a published touch: a day.
MAX_ALARM_MINUTES = 24 * 60
DEFAULT_ALARM_MINUTES = 10
#: How long a password command may take (it may ask for a key's passphrase).
PASSWORD_COMMAND_SECONDS = 60.0


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
            location = str(data["location"])
        except (KeyError, ValueError, TypeError):
            raise ValidationError("kind", "A calendar must be an ics or a caldav one.") from None
        return make_source(
            str(data.get("name", "")),
            ics=location if kind is CalendarKind.ICS else None,
            caldav=location if kind is CalendarKind.CALDAV else None,
            user=str(data.get("user", "") or ""),
            password_command=str(data.get("password_command", "") or ""),
            all_day="busy" if data.get("all_day_busy") else "free",
            buffer=data.get("buffer_minutes", 0),
            publish=bool(data.get("publish", False)),
            alarm=data.get("alarm_minutes", DEFAULT_ALARM_MINUTES),
        )


def make_source(
    name: str,
    *,
    ics: str | None = None,
    caldav: str | None = None,
    user: str = "",
    password_command: str = "",
    all_day: str = "free",
    buffer: object = 0,
    publish: bool = False,
    alarm: object = DEFAULT_ALARM_MINUTES,
    base: Path | None = None,
) -> CalendarSource:
    """A checked `CalendarSource` from what the user typed, or a `ValidationError` naming the
    field (`name`, `ics`, `caldav`, `user`, `password_command`, `all_day`, `buffer`, `publish`,
    `alarm`) and saying what to do. A relative file path is taken from `base` (default: the
    current folder); `webcal://` becomes `https://`; a user written in the URL moves to `user`.
    """
    name = _clean_name(name)
    if (ics is None) == (caldav is None):
        raise ValidationError("ics", "Give either --ics PATH_OR_URL or --caldav URL.")
    user = _clean_text(user, "user")
    password_command = _clean_text(password_command, "password_command")
    if ics is not None:
        kind = CalendarKind.ICS
        location, user = _ics_location(ics, user, base)
    else:
        kind = CalendarKind.CALDAV
        location, user = _url(str(caldav), "caldav", user)
    is_url = location.startswith(("http://", "https://"))
    if password_command and not is_url:
        raise ValidationError(
            "password_command", "A file needs no password; --password-command is for addresses."
        )
    if user and not is_url:
        raise ValidationError("user", "A file needs no user; --user is for addresses.")
    if all_day not in ("busy", "free"):
        raise ValidationError("all_day", f"--all-day is busy or free, not '{all_day}'.")
    minutes = _whole(buffer, "buffer", 0, MAX_BUFFER_MINUTES, "A buffer")
    if publish and kind is not CalendarKind.CALDAV:
        raise ValidationError(
            "publish", "Only a CalDAV calendar can receive the week; add it with --caldav URL."
        )
    before = _whole(alarm, "alarm", 0, MAX_ALARM_MINUTES, "An alarm")
    return CalendarSource(
        name=name,
        kind=kind,
        location=location,
        user=user,
        password_command=password_command,
        all_day_busy=all_day == "busy",
        buffer_minutes=minutes,
        publish=publish,
        alarm_minutes=before,
    )


def _clean_name(name: str) -> str:
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


def _clean_text(text: str, field: str) -> str:
    cleaned = str(text or "").strip()
    if any(not char.isprintable() for char in cleaned):
        raise ValidationError(field, f"--{field.replace('_', '-')} cannot hold control characters.")
    return cleaned


def _ics_location(text: str, user: str, base: Path | None) -> tuple[str, str]:
    raw = str(text).strip()
    lowered = raw.lower()
    if not raw:
        raise ValidationError("ics", "Give the calendar's file or its address after --ics.")
    if lowered.startswith(("webcal://", "webcals://")):
        raw = "https://" + raw.split("://", 1)[1]
        lowered = raw.lower()
    if lowered.startswith(("http://", "https://")):
        return _url(raw, "ics", user)
    if lowered.startswith("file://"):
        raw = unquote(urlsplit(raw).path)
    elif "://" in raw:
        scheme = raw.split("://", 1)[0]
        raise ValidationError(
            "ics", f"'{scheme}://' addresses cannot be read; give a file, or an http(s) address."
        )
    path = Path(raw).expanduser()
    if not path.is_absolute():
        path = (base or Path.cwd()) / path
    return str(path.resolve(strict=False)), user


def _url(text: str, field: str, user: str) -> tuple[str, str]:
    raw = str(text).strip()
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - reading it checks it
    except ValueError as error:
        raise ValidationError(
            field, f"'{_hide_password(raw)}' is not an address: {error}."
        ) from None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise ValidationError(
            field, f"'{_hide_password(raw)}' is not an http(s) address, such as https://host/path."
        )
    if parts.password is not None:
        raise ValidationError(
            field,
            "The address holds a password, and a password is never stored: take it out of the "
            f"address and give --password-command, or set {PASSWORD_ENV}.",
        )
    if parts.username:
        if user and user != unquote(parts.username):
            raise ValidationError(
                "user", "The address names one user and --user another; give the user once."
            )
        user = unquote(parts.username)
        host = parts.netloc.rsplit("@", 1)[1]
        parts = parts._replace(netloc=host)
    scheme = parts.scheme.lower()
    return urlunsplit(parts._replace(scheme=scheme)), user


def _hide_password(text: str) -> str:
    try:
        parts = urlsplit(text)
        if parts.password is not None:
            host = parts.netloc.rsplit("@", 1)[1]
            return urlunsplit(parts._replace(netloc=f"{parts.username}:***@{host}"))
    except ValueError:
        pass
    return text


def _whole(value: object, field: str, low: int, high: int, what: str) -> int:
    text = str(value).strip()
    if not text.isascii() or not text.isdigit():
        raise ValidationError(field, f"{what} is a whole number of minutes, not '{text}'.")
    number = int(text)
    if not low <= number <= high:
        raise ValidationError(field, f"{what} is {low} to {high} minutes, not {number}.")
    return number


def with_changes(source: CalendarSource, **changes: object) -> CalendarSource:
    """`source` with some settings changed, checked again."""
    data = source.to_json()
    data.update(changes)
    return CalendarSource.from_json(data)


def password_for(
    source: CalendarSource,
    *,
    environ: Mapping[str, str] | None = None,
    timeout: float = PASSWORD_COMMAND_SECONDS,
) -> str | None:
    """The password for `source`: the first line its password command prints, else
    `PLANNER_CALDAV_PASSWORD`, else None (no password). A command that fails raises
    `CalendarError` saying how (never with the password or the command's output)."""
    if not source.is_url:
        return None
    if source.password_command:
        return _run_password_command(source, timeout)
    value = (os.environ if environ is None else environ).get(PASSWORD_ENV)
    return value if value else None


def _run_password_command(source: CalendarSource, timeout: float) -> str:
    try:
        argv = shlex.split(source.password_command)
    except ValueError as error:
        raise CalendarError(source.name, f"the password command cannot be read: {error}") from None
    if not argv:
        raise CalendarError(source.name, "the password command is empty")
    program = argv[0]
    try:
        done = subprocess.run(
            argv,
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except FileNotFoundError:
        raise CalendarError(
            source.name, f"the password command '{program}' was not found"
        ) from None
    except PermissionError:
        raise CalendarError(
            source.name, f"the password command '{program}' cannot be run (permission denied)"
        ) from None
    except subprocess.TimeoutExpired:
        raise CalendarError(
            source.name, f"the password command '{program}' took longer than {timeout:g} seconds"
        ) from None
    except OSError as error:
        raise CalendarError(
            source.name, f"the password command '{program}' cannot be run: {error.strerror}"
        ) from None
    if done.returncode != 0:
        raise CalendarError(
            source.name,
            f"the password command '{program}' failed with exit status {done.returncode}",
        )
    first = done.stdout.decode("utf-8", "replace").splitlines()
    password = first[0].rstrip("\r") if first else ""
    if not password:
        raise CalendarError(source.name, f"the password command '{program}' printed no password")
    return password


__all__ = [
    "PASSWORD_ENV",
    "CalendarKind",
    "CalendarSource",
    "make_source",
    "password_for",
    "with_changes",
]
