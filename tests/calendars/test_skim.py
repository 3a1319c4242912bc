"""Skimming off far single events before parsing never changes what a week holds."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from planner.calendars.reading import read_events
from planner.calendars.skim import combine, skim
from tests.calendars.ics import BERLIN_VTIMEZONE, calendar, event
from tests.io.conftest import SHARED_TESTDATA

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)


def uids(data: bytes) -> list[str]:
    return [line.split(":", 1)[1] for line in data.decode().splitlines() if line.startswith("UID:")]


def test_far_single_events_go_and_near_ones_repeats_and_their_exceptions_stay():
    data = calendar(
        event("far", "DTSTART:20250101T090000Z", "DTEND:20250101T100000Z"),
        event("near", "DTSTART:20261121T230000Z", "DTEND:20261122T010000Z"),
        event("inside", "DTSTART;TZID=Europe/Berlin:20261125T090000", "DURATION:PT1H"),
        event("long", "DTSTART;VALUE=DATE:20261101", "DURATION:P4W"),
        event("series", "DTSTART:20200106T090000Z", "DURATION:PT1H", "RRULE:FREQ=WEEKLY"),
        event("moved", "DTSTART:20200106T090000Z", "DURATION:PT1H", "RDATE:20261124T090000Z"),
        event("override", "RECURRENCE-ID:20200113T090000Z", "DTSTART:20200114T090000Z"),
        event("series", "RECURRENCE-ID:20200113T090000Z", "DTSTART:20200114T090000Z"),
        event("nostart", "DTEND:20200101T100000Z"),
    )
    kept = uids(skim(data, MONDAY, MONDAY + timedelta(7)))
    assert kept == ["near", "inside", "long", "series", "moved", "override", "series", "nostart"]


def test_text_that_is_not_utf8_is_left_as_it_is():
    raw = "BEGIN:VCALENDAR\r\nX-NAME:caf\xe9\r\nEND:VCALENDAR\r\n".encode("latin-1")
    assert skim(raw, MONDAY, MONDAY + timedelta(7)) is raw


def test_a_calendar_with_nothing_to_drop_is_the_same_bytes():
    data = calendar(event("inside", "DTSTART:20261124T090000Z", "DURATION:PT1H"))
    assert skim(data, MONDAY, MONDAY + timedelta(7)) is data


def weeks_of(data: bytes) -> list[date]:
    whole = read_events(
        data, calendar="c", start=date(2000, 1, 1), end=date(2031, 1, 1), zone=BERLIN, whole=True
    )
    mondays = {item.start.date() - timedelta(item.start.weekday()) for item in whole.occurrences}
    return sorted(mondays)[:12]


@pytest.mark.parametrize(
    "name", sorted(path.name for path in (SHARED_TESTDATA / "ics").glob("*.ics")) or ["-"]
)
def test_every_week_of_the_real_files_reads_the_same_skimmed_or_whole(ics_files, name):
    data = (ics_files / name).read_bytes()
    for monday in weeks_of(data):
        end = monday + timedelta(7)
        args = {"calendar": "c", "start": monday, "end": end, "zone": BERLIN}
        assert (
            read_events(data, **args).occurrences
            == read_events(data, whole=True, **args).occurrences
        )


ZONES = ["", ";TZID=Europe/Berlin", ";TZID=America/New_York", ";TZID=Pacific/Kiritimati"]


@st.composite
def calendars(draw) -> bytes:
    parts = []
    for ident in range(draw(st.integers(1, 12))):
        start = datetime(2026, 11, 1) + timedelta(minutes=30 * draw(st.integers(0, 60 * 48)))
        kind = draw(st.sampled_from(["utc", "zone", "floating", "day"]))
        if kind == "day":
            lines = [f"DTSTART;VALUE=DATE:{start:%Y%m%d}"]
        elif kind == "utc":
            lines = [f"DTSTART:{start:%Y%m%dT%H%M%S}Z"]
        elif kind == "floating":
            lines = [f"DTSTART:{start:%Y%m%dT%H%M%S}"]
        else:
            lines = [f"DTSTART{draw(st.sampled_from(ZONES[1:]))}:{start:%Y%m%dT%H%M%S}"]
        ending = draw(st.sampled_from(["end", "duration", "none"]))
        if ending == "duration":
            lines.append(
                draw(st.sampled_from(["DURATION:PT45M", "DURATION:P1DT2H", "DURATION:PT30H"]))
            )
        elif ending == "end" and kind == "day":
            lines.append(
                f"DTEND;VALUE=DATE:{start + timedelta(days=draw(st.integers(1, 3))):%Y%m%d}"
            )
        elif ending == "end":
            finish = start + timedelta(minutes=15 * draw(st.integers(1, 200)))
            lines.append(
                lines[0]
                .replace("DTSTART", "DTEND")
                .replace(f"{start:%Y%m%dT%H%M%S}", f"{finish:%Y%m%dT%H%M%S}")
            )
        if draw(st.integers(0, 4)) == 0:
            lines.append(
                draw(st.sampled_from(["RRULE:FREQ=WEEKLY;COUNT=5", "RRULE:FREQ=DAILY;COUNT=3"]))
            )
        parts.append(event(f"e{ident}", *lines))
    return calendar(*parts)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(calendars(), st.integers(0, 60))
def test_skimming_never_changes_the_occurrences_of_the_days_asked(data, offset):
    start = date(2026, 10, 25) + timedelta(offset)
    args = {"calendar": "c", "start": start, "end": start + timedelta(7), "zone": BERLIN}
    assert (
        read_events(data, **args).occurrences == read_events(data, whole=True, **args).occurrences
    )


# Calendar objects read together ------------------------------------------------------------

BROKEN_ZONE = """BEGIN:VTIMEZONE
TZID:Broken
BEGIN:STANDARD
DTSTART:19700101T000000
TZOFFSETFROM:+5328
TZOFFSETTO:+0100
END:STANDARD
END:VTIMEZONE"""


def one_by_one(objects, **args):
    found = []
    for raw in objects:
        found.extend(read_events(raw, **args).occurrences)
    return sorted(found, key=lambda each: (each.start, each.end, each.uid, each.summary))


def test_objects_read_together_give_what_they_give_one_by_one():
    objects = [
        calendar(
            BERLIN_VTIMEZONE,
            event("a", "DTSTART;TZID=Custom/Berlin:20261123T090000", "DURATION:PT1H"),
        ),
        calendar(
            BERLIN_VTIMEZONE,
            event(
                "b",
                "DTSTART;TZID=Custom/Berlin:20261124T090000",
                "DURATION:PT1H",
                "RRULE:FREQ=DAILY;COUNT=3",
            ),
        ),
        calendar(event("c", "DTSTART:20261125T090000Z", "DURATION:PT30M")),
    ]
    args = {"calendar": "c", "start": MONDAY, "end": MONDAY + timedelta(7), "zone": BERLIN}
    merged = combine(objects)
    assert merged is not None and merged.count(b"BEGIN:VTIMEZONE") == 1
    assert read_events(objects, **args).occurrences == one_by_one(objects, **args)
    assert len(read_events(objects, **args).occurrences) == 5


def test_an_object_that_spoils_the_others_is_named_and_the_others_still_read():
    good = calendar(event("good", "DTSTART:20261123T090000Z", "DURATION:PT1H"))
    bad = calendar(
        BROKEN_ZONE, event("bad", "DTSTART;TZID=Broken:20261124T090000", "DURATION:PT1H")
    )
    reading = read_events(
        [good, bad], calendar="c", start=MONDAY, end=MONDAY + timedelta(7), zone=BERLIN
    )
    assert [item.uid for item in reading.occurrences] == ["good"]
    assert [problem.reason.split(":")[0] for problem in reading.problems] == [
        "a calendar object cannot be read as iCalendar"
    ]


def test_two_different_zones_of_one_name_are_not_read_together():
    shifted = BERLIN_VTIMEZONE.replace("+0100", "+0300").replace("+0200", "+0400")
    objects = [
        calendar(
            BERLIN_VTIMEZONE,
            event("a", "DTSTART;TZID=Custom/Berlin:20261123T090000", "DURATION:PT1H"),
        ),
        calendar(
            shifted, event("b", "DTSTART;TZID=Custom/Berlin:20261123T090000", "DURATION:PT1H")
        ),
    ]
    assert combine(objects) is None
    reading = read_events(
        objects, calendar="c", start=MONDAY, end=MONDAY + timedelta(7), zone=BERLIN
    )
    # icalendar keeps the first definition of a TZID for the whole process, so both read the
    # same; what matters here is that neither is lost.
    assert sorted(item.uid for item in reading.occurrences) == ["a", "b"]
