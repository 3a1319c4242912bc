"""The week out: make a CalDAV calendar hold exactly the week's touches.

One event per planned or done touch, with a UID unique to the database and the touch
(`planner-<database id>-touch-<touch id>`), kept in sync with the server through a state the
caller stores between runs (`PublishState`: per touch, the event's UID, address, the server's
ETag after our last write and a digest of what we wrote). A publish creates what is missing,
updates what changed, deletes the events of touches skipped, missed or removed, and leaves the
rest untouched, so publishing twice changes nothing the second time.

Only the planner's own events, known by their UID, are ever written or deleted. Every write is
conditional (`If-None-Match: *` to create, `If-Match: <etag>` to change or delete), so an event
the user edited in their calendar since the last publish (its ETag moved and its content no
longer matches what we wrote) is left as the user made it and reported as a conflict. When the
server goes away half way, what was done so far is in the returned state and the next publish
completes the rest without doubles (a write whose answer was lost is recognised by its content).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, unquote, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import icalendar

from planner.calendars.errors import CalendarError
from planner.calendars.fetching import (
    DEFAULT_TIMEOUT,
    caldav_client,
    caldav_failure,
    http_status_reason,
)
from planner.calendars.reading import OWN_UID_PREFIX
from planner.calendars.sources import CalendarKind, CalendarSource
from planner.domain import Contact, Settings, Touch, TouchStatus, Week
from planner.domain.calendars import Published, PublishState
from planner.io.exports import PRODID, local_zone, touch_description, touch_summary

if TYPE_CHECKING:
    from caldav.davclient import DAVClient
    from caldav.response import DAVResponse

#: Touches that become events; skipped and missed ones do not (their events are deleted).
PUBLISHED = frozenset({TouchStatus.PLANNED, TouchStatus.DONE})
DONE_MARK = "Done: "
_DATABASE_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
_CALENDAR_TYPE = {"Content-Type": "text/calendar; charset=utf-8"}


def uid_for(database_id: str, touch_id: int) -> str:
    """`planner-<database id>-touch-<touch id>`: the same for the same touch, run after run."""
    return f"{OWN_UID_PREFIX}{database_id}-touch-{touch_id}"


@dataclass(frozen=True, slots=True)
class Conflict:
    touch_id: int
    reason: str

    def to_json(self) -> dict[str, Any]:
        return {"touch_id": self.touch_id, "reason": self.reason}


@dataclass(slots=True)
class PublishResult:
    """Counts of what a publish did, the conflicts, the state to keep (always, also after an
    error), and `error`: why the publish stopped half way ("" when it finished)."""

    state: PublishState
    created: int = 0
    updated: int = 0
    deleted: int = 0
    unchanged: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    error: str = ""

    def to_json(self) -> dict[str, Any]:
        """`{"created", "updated", "deleted", "unchanged", "conflicts": [{"touch_id",
        "reason"}], "error"}` (`error` null when the publish finished)."""
        return {
            "created": self.created,
            "updated": self.updated,
            "deleted": self.deleted,
            "unchanged": self.unchanged,
            "conflicts": [conflict.to_json() for conflict in self.conflicts],
            "error": self.error or None,
        }


# The events -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Wanted:
    touch: Touch
    uid: str
    body: str
    digest: str


def touch_event(
    touch: Touch,
    contact: Contact | None,
    *,
    database_id: str,
    zone: tzinfo,
    settings: Settings,
    alarm_minutes: int,
    stamp: datetime,
) -> bytes:
    """The iCalendar object of one touch: summary naming the contact ("Call Ana Müller (A,
    referral ask)", "Done: ..." once done), the reason, the contact's emails and phones in the
    description, local times with a VTIMEZONE, and for a planned timed touch a display alarm
    `alarm_minutes` before it."""
    zone = _zone(zone)
    event = icalendar.Event()
    summary = touch_summary(touch, contact)
    if touch.status is TouchStatus.DONE:
        summary = DONE_MARK + summary
    event.add("uid", uid_for(database_id, touch.id))
    event.add("dtstamp", stamp.astimezone(UTC).replace(microsecond=0))
    event.add("summary", summary)
    if touch.start is None:
        event.add("dtstart", touch.date)
        event.add("dtend", touch.date + timedelta(days=1))
    else:
        start = datetime.combine(touch.date, touch.start)
        end = (
            datetime.combine(touch.date, touch.end)
            if touch.end is not None and touch.end > touch.start
            else start + timedelta(minutes=settings.minutes_for(touch.channel))
        )
        event.add("dtstart", start.replace(tzinfo=zone))
        event.add("dtend", end.replace(tzinfo=zone))
    event.add("description", touch_description(touch, contact))
    event.add("categories", [touch.purpose.label])
    if touch.status is TouchStatus.PLANNED and touch.start is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", timedelta(minutes=-alarm_minutes))
        event.add_component(alarm)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add_component(event)
    if zone is not UTC and touch.start is not None:
        calendar.add_missing_timezones(
            first_date=touch.date - timedelta(days=1), last_date=touch.date + timedelta(days=1)
        )
    return bytes(calendar.to_ical())


def _zone(zone: tzinfo) -> tzinfo:
    if isinstance(zone, ZoneInfo) and zone.key not in ("UTC", "Etc/UTC", "Etc/UCT", "UCT", "Zulu"):
        return zone
    return UTC


def meaning(data: bytes | str, uid: str) -> str:
    """A digest of what the event with `uid` in `data` says (summary, times, description,
    alarms), the same however a server rewrites its bytes; "" when there is no such event."""
    try:
        parsed = icalendar.Calendar.from_ical(data)
    except Exception:  # a server's copy that does not parse is not what we wrote
        return ""
    for event in parsed.walk("VEVENT"):
        if str(event.get("UID", "")) != uid:
            continue
        parts = [
            uid,
            str(event.get("SUMMARY", "")),
            _moment(event.get("DTSTART")),
            _moment(event.get("DTEND")),
            str(event.get("DESCRIPTION", "")).replace("\r\n", "\n"),
        ]
        for alarm in event.walk("VALARM"):
            trigger = getattr(alarm.get("TRIGGER"), "dt", None)
            parts.append(f"alarm {alarm.get('ACTION', '')} {trigger}")
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]
    return ""


def _moment(prop: object) -> str:
    value = getattr(prop, "dt", None)
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            return value.astimezone(UTC).isoformat()
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return ""


# Talking to the server ------------------------------------------------------------------------


class _Server:
    """The few WebDAV requests a publish needs, each with the client's timeout, each failure a
    `CalendarError` in words."""

    def __init__(self, source: CalendarSource, client: DAVClient, timeout: float) -> None:
        self.source = source
        self.client = client
        self.timeout = timeout
        parts = urlsplit(source.location)
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        self.origin = urlunsplit((parts.scheme, parts.netloc, "", "", ""))
        self.collection = unquote(path)

    def url(self, href: str) -> str:
        return self.origin + quote(href)

    def href_for(self, uid: str) -> str:
        return f"{self.collection}{uid}.ics"

    def _call(
        self, method: str, href: str, body: str = "", headers: Mapping[str, str] | None = None
    ) -> DAVResponse:
        try:
            return self.client.request(self.url(href), method, body, dict(headers or {}))
        except Exception as error:
            raise caldav_failure(error, self.source, self.timeout) from None

    def listing(self) -> dict[str, str]:
        """Path to ETag of every object in the calendar."""
        try:
            response = self.client.propfind(self.url(self.collection), props=["getetag"], depth=1)
        except Exception as error:
            raise caldav_failure(error, self.source, self.timeout) from None
        if response.status not in (200, 207):
            raise CalendarError(self.source.name, http_status_reason(response.status, self.source))
        found: dict[str, str] = {}
        for result in response.results or ():
            path = unquote(urlsplit(result.href).path)
            if path.rstrip("/") == self.collection.rstrip("/"):
                continue
            found[path] = _etag(result)
        return found

    def get(self, href: str) -> tuple[int, str, str]:
        response = self._call("GET", href)
        if response.status == 404:
            return 404, "", ""
        self._check(response.status)
        return response.status, str(response.raw or ""), str(response.headers.get("ETag") or "")

    def put(self, href: str, body: str, *, etag: str | None) -> tuple[int, str]:
        """PUT `body` at `href`: only if it does not exist (`etag` None), else only if its ETag
        is still `etag`. Returns the status (412: the condition failed) and the new ETag."""
        headers = dict(_CALENDAR_TYPE)
        if etag is None:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        response = self._call("PUT", href, body, headers)
        if response.status == 412:
            return 412, ""
        self._check(response.status)
        tag = str(response.headers.get("ETag") or "")
        return response.status, tag or self.etag_of(href)

    def delete(self, href: str, *, etag: str) -> int:
        headers = {"If-Match": etag} if etag else {}
        response = self._call("DELETE", href, "", headers)
        if response.status in (404, 412):
            return int(response.status)
        self._check(response.status)
        return int(response.status)

    def etag_of(self, href: str) -> str:
        try:
            response = self.client.propfind(self.url(href), props=["getetag"], depth=0)
        except Exception as error:
            raise caldav_failure(error, self.source, self.timeout) from None
        for result in response.results or ():
            return _etag(result)
        return ""

    def _check(self, status: int) -> None:
        if status >= 300:
            raise CalendarError(self.source.name, http_status_reason(status, self.source))


def _etag(result: object) -> str:
    properties = getattr(result, "properties", None) or {}
    return str(properties.get("{DAV:}getetag") or "")


# Publishing -----------------------------------------------------------------------------------

EDITED = (
    "edited in the calendar since the last publish, so it is left as it is there "
    "(delete it there to have the planner write it again)"
)
EDITED_REMOVED = (
    "edited in the calendar since the last publish, so it is left there although the touch "
    "is no longer planned"
)


def publish_week(
    source: CalendarSource,
    *,
    week: Week,
    touches: Sequence[Touch],
    contacts: Mapping[int, Contact],
    settings: Settings,
    state: PublishState,
    database_id: str,
    password: str | None,
    zone: tzinfo | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    now: datetime | None = None,
    on_write: Callable[[str, int], None] | None = None,
) -> PublishResult:
    """Make the CalDAV calendar `source` hold exactly `week`'s planned and done touches.

    `touches` are the week's touches (any status; others than planned and done, and touches of
    other weeks, get no event). `state` is what the last publish returned (`PublishState()` the
    first time); the returned `PublishResult.state` must be kept, also when `error` is set.
    Events in the state for touches of this week that are no longer planned or done are deleted;
    events of other weeks are left alone. `database_id` (letters, digits, `-`, `_`) makes the
    UIDs unique to this database. `on_write(action, touch_id)` is called after each write
    ("created", "updated", "deleted"). Raises `CalendarError` only for a source that cannot
    receive the week or a bad database id; a server that fails gives `error` instead.
    """
    if source.kind is not CalendarKind.CALDAV:
        raise CalendarError(source.name, "only a CalDAV calendar can receive the week")
    if not _DATABASE_ID.match(database_id):
        raise CalendarError(
            source.name, f"the database id '{database_id}' is not letters, digits, - or _"
        )
    zone = zone if zone is not None else local_zone()
    stamp = now or datetime.now(UTC)
    kept = dict(state.events) if state.calendar in ("", source.location) else {}
    result = PublishResult(PublishState(source.location, kept))
    wanted = {
        touch.id: _wanted(touch, contacts, database_id, zone, settings, source, stamp)
        for touch in touches
        if touch.status in PUBLISHED and touch.date in week
    }
    ours = sorted(set(wanted) | {ident for ident, entry in kept.items() if entry.week == str(week)})
    try:
        client = caldav_client(source, password, timeout)
    except Exception as error:
        result.error = caldav_failure(error, source, timeout).reason
        return result
    with client:
        server = _Server(source, client, timeout)
        try:
            listing = server.listing()
            for ident in ours:
                _sync_one(server, listing, ident, wanted.get(ident), result, on_write)
        except CalendarError as error:
            result.error = error.reason
    return result


def _wanted(
    touch: Touch,
    contacts: Mapping[int, Contact],
    database_id: str,
    zone: tzinfo,
    settings: Settings,
    source: CalendarSource,
    stamp: datetime,
) -> _Wanted:
    uid = uid_for(database_id, touch.id)
    body = touch_event(
        touch,
        contacts.get(touch.contact_id),
        database_id=database_id,
        zone=zone,
        settings=settings,
        alarm_minutes=source.alarm_minutes,
        stamp=stamp,
    ).decode("utf-8")
    return _Wanted(touch, uid, body, meaning(body, uid))


def _sync_one(
    server: _Server,
    listing: dict[str, str],
    ident: int,
    want: _Wanted | None,
    result: PublishResult,
    on_write: Callable[[str, int], None] | None,
) -> None:
    events = result.state.events
    entry = events.get(ident)

    def wrote(action: str, href: str, etag: str, digest: str) -> None:
        assert want is not None
        events[ident] = Published(want.uid, href, etag, digest, str(Week.of(want.touch.date)))
        listing[href] = etag
        setattr(result, action, getattr(result, action) + 1)
        if on_write is not None:
            on_write(action, ident)

    if want is None:  # the touch is skipped, missed, removed or in another week now
        assert entry is not None
        _remove(server, listing, ident, entry, result, on_write)
        return
    href = entry.href if entry is not None else server.href_for(want.uid)
    if entry is not None and entry.uid != want.uid:
        href = server.href_for(want.uid)  # another database id: a new event
        entry = None
    there = listing.get(href)
    if there is None:
        status, etag = server.put(href, want.body, etag=None)
        if status != 412:
            wrote("created", href, etag, want.digest)
            return
        there = server.etag_of(href)  # it appeared meanwhile: decide by what it says
    if entry is not None and there == entry.etag:
        if entry.digest == want.digest:
            result.unchanged += 1
            return
        status, etag = server.put(href, want.body, etag=there)
        if status == 412:
            result.conflicts.append(Conflict(ident, EDITED))
            return
        wrote("updated", href, etag, want.digest)
        return
    # The server's ETag is not the one we last saw: look at what the event says now.
    status, body, etag = server.get(href)
    if status == 404:
        listing.pop(href, None)
        status, etag = server.put(href, want.body, etag=None)
        if status == 412:
            result.conflicts.append(Conflict(ident, EDITED))
            return
        wrote("created", href, etag, want.digest)
        return
    said = meaning(body, want.uid)
    etag = etag or there or ""
    if said == want.digest:  # what we wrote last, whose answer was lost, or a server rewrite
        events[ident] = Published(want.uid, href, etag, want.digest, str(Week.of(want.touch.date)))
        result.unchanged += 1
        return
    if entry is not None and said != entry.digest:
        result.conflicts.append(Conflict(ident, EDITED))
        return
    # Ours and unchanged in meaning since we wrote it (or ours with the state lost): update.
    status, etag = server.put(href, want.body, etag=etag)
    if status == 412:
        result.conflicts.append(Conflict(ident, EDITED))
        return
    wrote("updated", href, etag, want.digest)


def _remove(
    server: _Server,
    listing: dict[str, str],
    ident: int,
    entry: Published,
    result: PublishResult,
    on_write: Callable[[str, int], None] | None,
) -> None:
    events = result.state.events
    there = listing.get(entry.href)
    if there is None:  # already gone from the calendar
        del events[ident]
        return
    etag = there
    if there != entry.etag:
        status, body, current = server.get(entry.href)
        if status == 404:
            del events[ident]
            return
        if meaning(body, entry.uid) != entry.digest:
            result.conflicts.append(Conflict(ident, EDITED_REMOVED))
            del events[ident]  # the user's now: never touched again
            return
        etag = current or there
    status = server.delete(entry.href, etag=etag)
    if status == 404:  # deleted there meanwhile
        del events[ident]
        return
    if status == 412:
        result.conflicts.append(Conflict(ident, EDITED_REMOVED))
        del events[ident]
        return
    del events[ident]
    listing.pop(entry.href, None)
    result.deleted += 1
    if on_write is not None:
        on_write("deleted", ident)


__all__ = [
    "Conflict",
    "PublishResult",
    "PublishState",
    "Published",
    "meaning",
    "publish_week",
    "touch_event",
    "uid_for",
]
