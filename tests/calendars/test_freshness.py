"""Offline first: a calendar is fetched when never fetched or older than 15 minutes, waiting
5 seconds at most; otherwise (and when it cannot be read) its local copy is used, and the caller
is told which calendar, why, and how old the copy is. The copy can be deleted without loss."""

import shutil
import time
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from planner.calendars.cache import CalendarCache
from planner.calendars.freshness import describe_age, read_calendars, refresh
from planner.calendars.sources import make_source
from tests.calendars.ics import calendar, event
from tests.calendars.servers import Route

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY, NEXT_MONDAY = date(2026, 11, 23), date(2026, 11, 30)
NOW = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
DEMO = calendar(event("demo", "DTSTART:20261123T090000Z", "DURATION:PT1H", summary="Demo"))
LUNCH = calendar(event("lunch", "DTSTART:20261124T110000Z", "DURATION:PT1H", summary="Lunch"))


@pytest.fixture
def cache(tmp_path) -> CalendarCache:
    return CalendarCache(tmp_path / "calendars")


def read(sources, cache, now=NOW, **kwargs):
    return read_calendars(
        sources, cache, start=MONDAY, end=NEXT_MONDAY, now=now, zone=BERLIN, **kwargs
    )


def summaries(reading) -> list[str]:
    return [f"{item.date:%a} {item.start:%H:%M} {item.summary}" for item in reading.busy]


def test_a_calendar_never_fetched_is_fetched_and_its_busy_time_used(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"), buffer="10")
    reading = read([work], cache)
    assert summaries(reading) == ["Mon 10:00 Demo"]
    assert reading.busy[0].buffer == 10
    [status] = reading.statuses
    assert (status.fetched_now, status.fetched_at, status.error, status.events) == (
        True,
        NOW,
        "",
        1,
    )
    assert reading.warnings(NOW) == []


def test_a_fresh_copy_is_used_without_asking_the_server(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    ics_server.routes["/work.ics"] = Route(body=LUNCH)
    reading = read([work], cache, now=NOW + timedelta(minutes=14))
    assert summaries(reading) == ["Mon 10:00 Demo"]
    assert len(ics_server.requests) == 1 and not reading.statuses[0].fetched_now


def test_a_copy_older_than_15_minutes_is_fetched_again(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    ics_server.routes["/work.ics"] = Route(body=LUNCH)
    reading = read([work], cache, now=NOW + timedelta(minutes=15))
    assert summaries(reading) == ["Tue 12:00 Lunch"]
    assert reading.statuses[0].fetched_now


def test_a_calendar_that_cannot_be_read_leaves_its_copy_in_use_and_says_why(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    del ics_server.routes["/work.ics"]
    later = NOW + timedelta(hours=3)
    reading = read([work], cache, now=later)
    assert summaries(reading) == ["Mon 10:00 Demo"]
    assert reading.warnings(later) == [
        "work: there is no calendar at http://127.0.0.1/… (HTTP 404): check the address; "
        "using its copy from 3 hours ago"
    ]
    assert reading.statuses[0].to_json(later)["age_minutes"] == 180


def test_a_slow_calendar_is_waited_for_5_seconds_at_most(cache, ics_server, tmp_path):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    home_file = tmp_path / "home.ics"
    home_file.write_bytes(LUNCH)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    home = make_source("home", ics=str(home_file))
    read([work, home], cache)
    ics_server.routes["/work.ics"] = Route(body=DEMO, delay=2.5)
    later = NOW + timedelta(minutes=20)
    began = time.monotonic()
    reading = read([work, home], cache, now=later, wait=0.5, timeout=5)
    assert time.monotonic() - began < 2.0
    assert summaries(reading) == ["Mon 10:00 Demo", "Tue 12:00 Lunch"]
    assert reading.warnings(later) == [
        "work: no answer within 0.5 seconds (still trying in the background); "
        "using its copy from 20 minutes ago"
    ]
    time.sleep(2.5)  # the fetch goes on in the background and keeps what it read
    assert cache.meta(work).fetched_at == later


def test_a_calendar_never_read_says_its_busy_time_is_missing(cache, ics_server):
    work = make_source("work", ics=ics_server.url("/missing.ics"))
    reading = read([work], cache)
    assert reading.busy == []
    assert reading.warnings(NOW) == [
        "work: there is no calendar at http://127.0.0.1/… (HTTP 404): check the address; "
        "with no copy yet, its busy time is missing"
    ]


def test_deleting_the_copy_loses_nothing(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    before = summaries(read([work], cache))
    shutil.rmtree(cache.folder)
    assert summaries(read([work], cache, now=NOW + timedelta(minutes=1))) == before


def test_a_damaged_copy_is_fetched_again(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    for path in cache.folder.iterdir():
        path.write_bytes(b"{not json")
    reading = read([work], cache, now=NOW + timedelta(minutes=1))
    assert summaries(reading) == ["Mon 10:00 Demo"] and reading.statuses[0].fetched_now


def test_a_copy_of_another_address_is_not_used(cache, ics_server):
    ics_server.routes["/a.ics"] = Route(body=DEMO)
    ics_server.routes["/b.ics"] = Route(body=LUNCH)
    read([make_source("work", ics=ics_server.url("/a.ics"))], cache)
    moved = make_source("work", ics=ics_server.url("/b.ics"))
    assert summaries(read([moved], cache, now=NOW + timedelta(minutes=1))) == ["Tue 12:00 Lunch"]


def test_an_unchanged_calendar_is_not_sent_again(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO, headers={"ETag": '"7"'})
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    later = NOW + timedelta(hours=1)
    reading = read([work], cache, now=later)
    assert summaries(reading) == ["Mon 10:00 Demo"]
    assert ics_server.requests[-1][1].get("If-None-Match") == '"7"'
    assert cache.meta(work).fetched_at == later


def test_weeks_already_worked_out_are_read_without_parsing_the_copy(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    objects = cache.folder / f"{cache.key('work')}.objects.json"
    objects.write_bytes(b"{}")  # damaged, but the week was worked out already
    reading = read([work], cache, now=NOW + timedelta(minutes=5))
    assert summaries(reading) == ["Mon 10:00 Demo"] and not reading.statuses[0].fetched_now


def test_a_deleted_copy_is_fetched_again_even_when_fresh(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    read([work], cache)
    (cache.folder / f"{cache.key('work')}.objects.json").unlink()
    later = NOW + timedelta(minutes=5)
    reading = read_calendars(
        [work], cache, start=NEXT_MONDAY, end=NEXT_MONDAY + timedelta(7), now=later, zone=BERLIN
    )
    assert reading.statuses[0].fetched_now and reading.warnings(later) == []


def test_all_day_events_are_busy_only_for_a_calendar_that_says_so(cache, tmp_path):
    path = tmp_path / "trips.ics"
    path.write_bytes(calendar(event("trip", "DTSTART;VALUE=DATE:20261125", summary="Trip")))
    free = make_source("trips", ics=str(path))
    busy = make_source("trips", ics=str(path), all_day="busy")
    assert summaries(read([free], cache)) == []
    assert summaries(read([busy], cache)) == ["Wed 00:00 Trip"]


def test_without_fetching_only_the_copies_are_read(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    assert read([work], cache, fetch_due=False).warnings(NOW) == [
        "work: not fetched yet, so its busy time is missing"
    ]
    assert ics_server.requests == []


def test_refresh_fetches_only_what_is_due_unless_forced(cache, ics_server):
    ics_server.routes["/work.ics"] = Route(body=DEMO)
    work = make_source("work", ics=ics_server.url("/work.ics"))
    assert [status.fetched_now for status in refresh([work], cache, now=NOW)] == [True]
    assert [status.fetched_now for status in refresh([work], cache, now=NOW)] == [False]
    assert [status.fetched_now for status in refresh([work], cache, now=NOW, force=True)] == [True]


@pytest.mark.parametrize(
    ("minutes", "words"),
    [(0, "just now"), (1, "1 minute ago"), (90, "90 minutes ago"), (300, "5 hours ago")],
)
def test_the_age_of_a_copy_in_words(minutes, words):
    assert describe_age(timedelta(minutes=minutes)) == words
    assert describe_age(timedelta(days=3)) == "3 days ago"
