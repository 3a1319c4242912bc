"""Offline first: fetch what is due (waiting a few seconds at most), then read from the copy.

Whatever needs busy time (planning, `planner busy`, meetings to log, the week screen) calls
`read_calendars`: each calendar never fetched, or fetched longer than `max_age` ago, is fetched
first, all at once in background threads, waiting at most `wait` seconds in all; a calendar that
cannot be read now (no network, a login refused, a missing file, no answer in time) leaves its
last copy in use, and its `CalendarStatus` says why and how old that copy is. A fetch still
running when the wait ends goes on in the background and keeps its result for next time.
"""

from __future__ import annotations

import threading
import time as clock
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import TYPE_CHECKING, Any

from planner.calendars.cache import CacheMeta, CalendarCache
from planner.calendars.errors import CalendarError
from planner.calendars.events import Occurrence, Problem, Reading, busy_from
from planner.calendars.sources import DEFAULT_TIMEOUT, CalendarSource, password_for
from planner.domain.busy import Busy, busy_order

if TYPE_CHECKING:
    from planner.calendars.fetching import Fetched

# The network and the parsers are loaded when a calendar is fetched or a copy is parsed: reading
# busy time from fresh copies (most plans) needs neither.

#: A copy older than this is fetched again before it is used.
MAX_AGE = timedelta(minutes=15)
#: The longest a caller waits for fetches before it goes on with the copies it has.
WAIT_SECONDS = 5.0

#: The error of a calendar never fetched, when the caller asked not to fetch.
NOT_FETCHED = "not fetched yet"

PasswordSource = Callable[[CalendarSource], str | None]


@dataclass(frozen=True, slots=True)
class CalendarStatus:
    """How one calendar's data stands after a refresh.

    - `fetched_at`: when the data in use was read from the calendar (UTC), None if never;
    - `fetched_now`: it was read from the calendar during this call;
    - `error`: why it could not be read now, in words ("" when it was read or did not need to
      be); the last copy, if any, is still in use;
    - `events`, `problems`: filled by `read_calendars` for the days it was asked about.
    """

    calendar: str
    fetched_at: datetime | None
    fetched_now: bool = False
    error: str = ""
    events: int = 0
    problems: tuple[Problem, ...] = ()

    def age(self, now: datetime) -> timedelta | None:
        if self.fetched_at is None:
            return None
        return max(timedelta(0), _utc(now) - self.fetched_at)

    def warning(self, now: datetime) -> str:
        """`work: no answer from cal.example.com within 5 seconds; using its copy from 2 hours
        ago` (or `...; with no copy yet, its busy time is missing`); "" when fine."""
        if not self.error:
            return ""
        age = self.age(now)
        if age is None:
            if self.error == NOT_FETCHED:
                return f"{self.calendar}: {NOT_FETCHED}, so its busy time is missing"
            return f"{self.calendar}: {self.error}; with no copy yet, its busy time is missing"
        return f"{self.calendar}: {self.error}; using its copy from {describe_age(age)}"

    def to_json(self, now: datetime) -> dict[str, Any]:
        """`{"calendar", "fetched_at", "age_minutes", "fetched_now", "error", "events",
        "problems"}`; `fetched_at` ISO in UTC or null."""
        age = self.age(now)
        return {
            "calendar": self.calendar,
            "fetched_at": None if self.fetched_at is None else self.fetched_at.isoformat(),
            "age_minutes": None if age is None else int(age.total_seconds() // 60),
            "fetched_now": self.fetched_now,
            "error": self.error,
            "events": self.events,
            "problems": [problem.to_json() for problem in self.problems],
        }


def describe_age(age: timedelta) -> str:
    """`just now`, `12 minutes ago`, `3 hours ago`, `2 days ago`."""
    minutes = int(age.total_seconds() // 60)
    if minutes < 1:
        return "just now"
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''} ago"
    hours = minutes // 60
    if hours < 48:
        return f"{hours} hours ago"
    return f"{hours // 24} days ago"


@dataclass(slots=True)
class _Attempt:
    source: CalendarSource
    done: threading.Event = field(default_factory=threading.Event)
    meta: CacheMeta | None = None
    fetched: Fetched | None = None
    error: str = ""


def refresh(
    sources: Sequence[CalendarSource],
    cache: CalendarCache,
    *,
    now: datetime | None = None,
    force: bool = False,
    max_age: timedelta = MAX_AGE,
    wait: float = WAIT_SECONDS,
    timeout: float = DEFAULT_TIMEOUT,
    password: PasswordSource = password_for,
) -> list[CalendarStatus]:
    """Fetch every calendar that is due (or all with `force`) into `cache`, in parallel,
    waiting at most `wait` seconds; one status per source, in the order given."""
    statuses, _ = _refresh(sources, cache, now, force, max_age, wait, timeout, password)
    return statuses


def _refresh(
    sources: Sequence[CalendarSource],
    cache: CalendarCache,
    now: datetime | None,
    force: bool,
    max_age: timedelta,
    wait: float,
    timeout: float,
    password: PasswordSource,
) -> tuple[list[CalendarStatus], dict[str, _Attempt]]:
    moment = _utc(now or datetime.now(UTC))
    metas = {source.name: cache.meta(source) for source in sources}
    attempts: dict[str, _Attempt] = {}
    for source in sources:
        meta = metas[source.name]
        stale = meta is None or moment - meta.fetched_at >= max_age
        if force or stale or not cache.has_objects(source):
            job = attempts[source.name] = _Attempt(source)
            worker = threading.Thread(
                target=_fetch_into,
                args=(job, cache, meta, moment, timeout, password),
                name=f"calendar {source.name}",
                daemon=True,  # a fetch that outlives the wait never holds the program open
            )
            worker.start()
    deadline = clock.monotonic() + max(0.0, wait)
    for started in attempts.values():
        started.done.wait(max(0.0, deadline - clock.monotonic()))
    statuses = []
    for source in sources:
        meta = metas[source.name]
        attempt = attempts.get(source.name)
        if attempt is None:
            assert meta is not None
            statuses.append(CalendarStatus(source.name, meta.fetched_at))
        elif not attempt.done.is_set():
            error = f"no answer within {wait:g} seconds (still trying in the background)"
            if source.location and not source.is_url:
                error = f"the file was not read within {wait:g} seconds"
            statuses.append(CalendarStatus(source.name, _at(meta), error=error))
        elif attempt.error and attempt.fetched is None:
            statuses.append(CalendarStatus(source.name, _at(meta), error=attempt.error))
        else:
            fresh = attempt.meta.fetched_at if attempt.meta is not None else moment
            statuses.append(
                CalendarStatus(source.name, fresh, fetched_now=True, error=attempt.error)
            )
    return statuses, attempts


def _fetch_into(
    attempt: _Attempt,
    cache: CalendarCache,
    meta: CacheMeta | None,
    moment: datetime,
    timeout: float,
    password: PasswordSource,
) -> None:
    from planner.calendars.fetching import fetch

    source = attempt.source
    try:
        secret = password(source)
        fetched = fetch(
            source,
            password=secret,
            timeout=timeout,
            etag=meta.etag if meta is not None else "",
            last_modified=meta.last_modified if meta is not None else "",
        )
        attempt.fetched = fetched
        attempt.meta = cache.store(source, fetched, moment)
    except CalendarError as error:
        attempt.error = error.reason
    except Exception as error:  # a thread must say what went wrong, not die silently
        attempt.error = f"cannot be read ({type(error).__name__}: {error})"
    finally:
        attempt.done.set()


@dataclass(slots=True)
class CalendarsReading:
    """What the calendars hold for some days, with how each one stands.

    `occurrences` are every calendar's event occurrences (for meetings to log), `busy` the busy
    time they make with each calendar's all-day setting and buffer (for planning), both sorted;
    `statuses` one per calendar in the order given; `problems` the broken events and files.
    """

    occurrences: list[Occurrence] = field(default_factory=list)
    busy: list[Busy] = field(default_factory=list)
    statuses: list[CalendarStatus] = field(default_factory=list)

    @property
    def problems(self) -> list[Problem]:
        return [problem for status in self.statuses for problem in status.problems]

    def warnings(self, now: datetime) -> list[str]:
        """One line per calendar that could not be read now, naming why and the copy's age."""
        return [text for status in self.statuses if (text := status.warning(now))]


def read_calendars(
    sources: Sequence[CalendarSource],
    cache: CalendarCache,
    *,
    start: date,
    end: date,
    now: datetime | None = None,
    zone: tzinfo | None = None,
    fetch_due: bool = True,
    force: bool = False,
    max_age: timedelta = MAX_AGE,
    wait: float = WAIT_SECONDS,
    timeout: float = DEFAULT_TIMEOUT,
    password: PasswordSource = password_for,
) -> CalendarsReading:
    """Busy time and occurrences of all `sources` on the days `start` to `end` (exclusive), in
    local time of `zone` (default: the machine's zone).

    With `fetch_due` (the default) calendars that are due are fetched first (see `refresh`);
    without it only the copies are read (for a screen that must not wait). Never raises for a
    calendar that cannot be read: its status says why.
    """
    if zone is None:
        from planner.calendars.zones import local_zone

        zone = local_zone()
    moment = _utc(now or datetime.now(UTC))
    if fetch_due:
        statuses, attempts = _refresh(
            sources, cache, moment, force, max_age, wait, timeout, password
        )
    else:
        statuses = [
            CalendarStatus(source.name, _at(cache.meta(source)), error="") for source in sources
        ]
        attempts = {}
    result = CalendarsReading()
    for source, status in zip(sources, statuses, strict=True):
        reading, error = _read_one(source, cache, attempts.get(source.name), start, end, zone)
        if error and not status.error:
            status = CalendarStatus(status.calendar, status.fetched_at, status.fetched_now, error)
        if status.fetched_at is None and not status.error and not reading.occurrences:
            status = CalendarStatus(status.calendar, None, status.fetched_now, NOT_FETCHED)
        result.statuses.append(
            CalendarStatus(
                status.calendar,
                status.fetched_at,
                status.fetched_now,
                status.error,
                events=len(reading.occurrences),
                problems=tuple(reading.problems),
            )
        )
        result.occurrences.extend(reading.occurrences)
        result.busy.extend(
            busy_from(
                reading.occurrences,
                start=start,
                end=end,
                all_day_busy=source.all_day_busy,
                buffer=source.buffer_minutes,
            )
        )
    result.occurrences.sort(key=lambda each: (each.start, each.end, each.calendar, each.uid))
    result.busy.sort(key=busy_order)
    return result


def _read_one(
    source: CalendarSource,
    cache: CalendarCache,
    attempt: _Attempt | None,
    start: date,
    end: date,
    zone: tzinfo,
) -> tuple[Reading, str]:
    """The occurrences from the copy; from what was just fetched when the copy could not be
    written; nothing (and why) when there is neither."""
    meta = cache.meta(source)
    missing = ""
    if meta is not None:
        try:
            return cache.occurrences(source, meta, start=start, end=end, zone=zone), ""
        except CalendarError as error:
            missing = error.reason
    fetched = attempt.fetched if attempt is not None and attempt.done.is_set() else None
    if fetched is not None and not fetched.not_modified:
        from planner.calendars.reading import read_events

        reading = read_events(
            fetched.objects, calendar=source.name, start=start, end=end, zone=zone
        )
        return reading, ""
    return Reading(), missing


def _at(meta: CacheMeta | None) -> datetime | None:
    return None if meta is None else meta.fetched_at


def _utc(moment: datetime) -> datetime:
    """`moment` in UTC; a naive time is taken as the machine's local time."""
    return moment.astimezone(UTC)
