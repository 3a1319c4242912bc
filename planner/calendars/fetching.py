"""Bringing a calendar's bytes in: a file, an http(s) URL, or a CalDAV calendar collection.

Every network call has a timeout; every failure is a `CalendarError` in words (which host, what
went wrong, what to do), never a traceback and never a password.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from base64 import b64encode
from collections.abc import Iterator
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from planner.calendars.errors import CalendarError
from planner.calendars.sources import DEFAULT_TIMEOUT as DEFAULT_TIMEOUT
from planner.calendars.sources import PASSWORD_ENV, CalendarKind, CalendarSource

if TYPE_CHECKING:
    from caldav.davclient import DAVClient

#: The most a calendar may weigh: more is not a calendar the planner can use.
MAX_BYTES = 64 * 1024 * 1024
USER_AGENT = "planner (weekly planner; calendar reader)"


@dataclass(frozen=True, slots=True)
class Fetched:
    """What one fetch brought: the calendar's bytes (one file, or one object per event as a
    CalDAV server keeps them) and the HTTP validators for the next conditional request.
    `not_modified` means the server said the copy already held is current (HTTP 304)."""

    objects: tuple[bytes, ...] = ()
    etag: str = ""
    last_modified: str = ""
    not_modified: bool = False


def fetch(
    source: CalendarSource,
    *,
    password: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    etag: str = "",
    last_modified: str = "",
) -> Fetched:
    """Read `source` now. `etag` and `last_modified` (from the last fetch of an iCalendar URL)
    let the server answer "not modified". Raises `CalendarError` when it cannot be read."""
    if source.kind is CalendarKind.CALDAV:
        return fetch_caldav(source, password=password, timeout=timeout)
    if source.is_url:
        return _fetch_url(source, password, timeout, etag, last_modified)
    return _read_file(source)


def _read_file(source: CalendarSource) -> Fetched:
    path = Path(source.location)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise CalendarError(source.name, f"the file {path} is too large ({size:,} bytes)")
        return Fetched((path.read_bytes(),))
    except FileNotFoundError:
        raise CalendarError(source.name, f"the file {path} does not exist") from None
    except IsADirectoryError:
        raise CalendarError(source.name, f"{path} is a folder, not a calendar file") from None
    except PermissionError:
        raise CalendarError(
            source.name, f"the file {path} cannot be read (permission denied)"
        ) from None
    except OSError as error:
        raise CalendarError(
            source.name, f"the file {path} cannot be read ({error.strerror or error})"
        ) from None


def _fetch_url(
    source: CalendarSource, password: str | None, timeout: float, etag: str, last_modified: str
) -> Fetched:
    request = urllib.request.Request(source.location, headers={"User-Agent": USER_AGENT})
    request.add_header("Accept", "text/calendar, */*;q=0.5")
    if etag:
        request.add_header("If-None-Match", etag)
    if last_modified:
        request.add_header("If-Modified-Since", last_modified)
    if source.user or password:
        token = b64encode(f"{source.user}:{password or ''}".encode()).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    host = source.shown_location
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read(MAX_BYTES + 1)
            if len(body) > MAX_BYTES:
                raise CalendarError(source.name, f"{host} sent more than {MAX_BYTES:,} bytes")
            return Fetched(
                (body,),
                etag=response.headers.get("ETag", "") or "",
                last_modified=response.headers.get("Last-Modified", "") or "",
            )
    except urllib.error.HTTPError as error:
        if error.code == 304:
            return Fetched(not_modified=True, etag=etag, last_modified=last_modified)
        raise CalendarError(source.name, http_status_reason(error.code, source)) from None
    except (urllib.error.URLError, OSError, HTTPException, ValueError) as error:
        raise CalendarError(source.name, network_reason(error, source, timeout)) from None


def http_status_reason(status: int, source: CalendarSource) -> str:
    """What an HTTP error status means for this calendar, in words."""
    where = source.shown_location
    if status == 401:
        if source.kind is CalendarKind.ICS and not source.user:
            return (
                f"{where} asks for a login (HTTP 401); for a secret address, copy it again "
                "from the calendar's settings"
            )
        return (
            f"{where} refused the user and password (HTTP 401): check --user, and the password "
            f"from --password-command or {PASSWORD_ENV}"
        )
    if status == 403:
        return f"{where} does not let this user read the calendar (HTTP 403)"
    if status in (404, 410):
        return f"there is no calendar at {where} (HTTP {status}): check the address"
    if status == 412:
        return f"{where} refused the change because the event changed meanwhile (HTTP 412)"
    if status == 429:
        return f"{where} asks to slow down (HTTP 429); try again in a few minutes"
    if 500 <= status < 600:
        return f"{where} failed (HTTP {status}); try again later"
    return f"{where} answered HTTP {status}"


def network_reason(error: BaseException, source: CalendarSource, timeout: float) -> str:
    """Why a network call failed, in words: no answer, refused, unknown host, TLS, and so on."""
    host = urlsplit(source.location).hostname or source.location
    for cause in _causes(error):
        if isinstance(cause, TimeoutError | socket.timeout) or "Timeout" in type(cause).__name__:
            return f"no answer from {host} within {timeout:g} seconds"
        if isinstance(cause, ConnectionRefusedError):
            return f"cannot connect to {host}: the connection was refused (is the server running?)"
        if isinstance(cause, socket.gaierror):
            return f"cannot find {host}: no network, or the name is wrong"
        if isinstance(cause, ssl.SSLCertVerificationError):
            return f"the certificate of {host} cannot be trusted ({cause.verify_message})"
        if isinstance(cause, ssl.SSLError):
            return f"the secure connection to {host} failed ({cause.reason or cause})"
        if isinstance(cause, ConnectionResetError | BrokenPipeError):
            return f"{host} closed the connection"
        if isinstance(cause, HTTPException) or "RemoteDisconnected" in type(cause).__name__:
            return f"{host} closed the connection without an answer"
    if isinstance(error, urllib.error.URLError) and isinstance(error.reason, str):
        return f"cannot reach {host}: {error.reason}"
    text = str(error).split(" (Caused by")[0]
    return f"cannot reach {host}: {text or type(error).__name__}"


def _causes(error: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    stack: list[BaseException] = [error]
    while stack:
        current = stack.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        reason = getattr(current, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                stack.append(arg)
        if current.__cause__ is not None:
            stack.append(current.__cause__)
        if current.__context__ is not None:
            stack.append(current.__context__)


# CalDAV ---------------------------------------------------------------------------------------


def caldav_client(source: CalendarSource, password: str | None, timeout: float) -> DAVClient:
    """A `caldav.DAVClient` for `source` with a timeout on every call (imported on first use)."""
    from caldav.davclient import DAVClient

    return DAVClient(
        url=source.location,
        username=source.user or None,
        password=password,
        timeout=timeout,  # type: ignore[arg-type]
        enable_rfc6764=False,
    )


def caldav_failure(error: Exception, source: CalendarSource, timeout: float) -> CalendarError:
    """A `CalendarError` in words for whatever the caldav library raised."""
    from caldav.lib.error import DAVError

    if isinstance(error, CalendarError):
        return error
    if isinstance(error, DAVError):
        status = getattr(error, "status", None)
        if isinstance(status, int) and status >= 400:
            return CalendarError(source.name, http_status_reason(status, source))
        reason = str(getattr(error, "reason", "") or "").strip()
        if reason and reason != "no reason":
            return CalendarError(source.name, f"{source.shown_location} answered: {reason}")
        return CalendarError(
            source.name, f"{source.shown_location} gave an answer that is not CalDAV"
        )
    return CalendarError(source.name, network_reason(error, source, timeout))


def fetch_caldav(
    source: CalendarSource, *, password: str | None, timeout: float = DEFAULT_TIMEOUT
) -> Fetched:
    """Every event of a CalDAV calendar collection, one calendar object each."""
    try:
        client = caldav_client(source, password, timeout)
        with client:
            found = client.calendar(url=source.location).search(event=True)
            objects = tuple(_object_bytes(item.data) for item in found)
    except Exception as error:  # the library raises many kinds; each is said in words
        raise caldav_failure(error, source, timeout) from None
    return Fetched(objects)


def _object_bytes(data: object) -> bytes:
    if isinstance(data, bytes):
        return data
    return str(data or "").encode("utf-8")
