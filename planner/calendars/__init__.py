"""The user's calendars: busy time in (iCalendar files and URLs, CalDAV), the week out (CalDAV).

Network and files live here, never in the engine or the domain. The pieces:

- `sources`: `CalendarSource` (what the store keeps for a calendar; never a password),
  `make_source` (checks what the user typed), `password_for` (`--password-command` or
  `PLANNER_CALDAV_PASSWORD`);
- `reading`: `read_events` (iCalendar bytes to `Occurrence`s and `Problem`s), `busy_from`
  (occurrences to `planner.domain.Busy`);
- `fetching`: `fetch` (a file, an http(s) URL, a CalDAV collection; timeouts, errors in words);
- `cache` and `freshness`: `CalendarCache` (the local copy) and `read_calendars` (fetch what is
  due within a few seconds, then read busy time and occurrences from the copies);
- `publishing`: `publish_week` (the week's touches to a CalDAV calendar, with `PublishState`);
- `meetings`: `meeting_suggestions` (past meetings with known contacts, to log as touches).

Importing this package is cheap: the parts that load `icalendar`, `recurring-ical-events` or
`caldav` are imported on first use of their names.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from planner.calendars.errors import CalendarError
from planner.calendars.events import Occurrence, Problem
from planner.calendars.meetings import Suggestion, meeting_suggestions
from planner.calendars.sources import (
    PASSWORD_ENV,
    CalendarKind,
    CalendarSource,
    make_source,
    password_for,
    with_changes,
)

if TYPE_CHECKING:
    from planner.calendars.cache import CalendarCache
    from planner.calendars.fetching import Fetched, fetch
    from planner.calendars.freshness import (
        MAX_AGE,
        WAIT_SECONDS,
        CalendarsReading,
        CalendarStatus,
        read_calendars,
        refresh,
    )
    from planner.calendars.publishing import (
        Conflict,
        Published,
        PublishResult,
        PublishState,
        publish_week,
        uid_for,
    )
    from planner.calendars.reading import OWN_UID_PREFIX, Reading, busy_from, read_events

_LAZY = {
    "CalendarCache": "cache",
    "Fetched": "fetching",
    "fetch": "fetching",
    "Conflict": "publishing",
    "Published": "publishing",
    "PublishResult": "publishing",
    "PublishState": "publishing",
    "publish_week": "publishing",
    "uid_for": "publishing",
    "OWN_UID_PREFIX": "reading",
    "Reading": "events",
    "busy_from": "events",
    "read_events": "reading",
    "MAX_AGE": "freshness",
    "WAIT_SECONDS": "freshness",
    "CalendarStatus": "freshness",
    "CalendarsReading": "freshness",
    "read_calendars": "freshness",
    "refresh": "freshness",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'planner.calendars' has no attribute {name!r}")
    value = getattr(importlib.import_module(f"planner.calendars.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MAX_AGE",
    "OWN_UID_PREFIX",
    "PASSWORD_ENV",
    "WAIT_SECONDS",
    "CalendarCache",
    "CalendarError",
    "CalendarKind",
    "CalendarSource",
    "CalendarStatus",
    "CalendarsReading",
    "Conflict",
    "Fetched",
    "Occurrence",
    "Problem",
    "PublishResult",
    "PublishState",
    "Published",
    "Reading",
    "Suggestion",
    "busy_from",
    "fetch",
    "make_source",
    "meeting_suggestions",
    "password_for",
    "publish_week",
    "read_calendars",
    "read_events",
    "refresh",
    "uid_for",
    "with_changes",
]
