"""Which calendars the planner reads and writes, checked in one place, and their passwords.

A `CalendarSource` is what the store keeps for one calendar: never a password. The password of a
CalDAV calendar (or of an iCalendar URL behind a login) comes, each time it is needed, from the
first line printed by the user's `--password-command` (as khal and vdirsyncer do), else from the
environment variable `PLANNER_CALDAV_PASSWORD`.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from planner.calendars.errors import CalendarError
from planner.domain.busy import MAX_BUFFER_MINUTES
from planner.domain.calendars import (
    DEFAULT_ALARM_MINUTES,
    MAX_ALARM_MINUTES,
    NAME_LIMIT,
    PASSWORD_ENV,
    CalendarKind,
    CalendarSource,
    clean_calendar_name,
    whole_minutes,
)
from planner.domain.errors import ValidationError

#: Seconds a single network call may take.
DEFAULT_TIMEOUT = 10.0
#: How long a password command may take (it may ask for a key's passphrase).
PASSWORD_COMMAND_SECONDS = 60.0


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
    name = clean_calendar_name(name)
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
    minutes = whole_minutes(buffer, "buffer", 0, MAX_BUFFER_MINUTES, "A buffer")
    if publish and kind is not CalendarKind.CALDAV:
        raise ValidationError(
            "publish", "Only a CalDAV calendar can receive the week; add it with --caldav URL."
        )
    before = whole_minutes(alarm, "alarm", 0, MAX_ALARM_MINUTES, "An alarm")
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
    "DEFAULT_ALARM_MINUTES",
    "MAX_ALARM_MINUTES",
    "NAME_LIMIT",
    "PASSWORD_ENV",
    "CalendarKind",
    "CalendarSource",
    "make_source",
    "password_for",
    "with_changes",
]
