"""Reading iCalendar into busy time: repeats, exceptions, what is free, time zones, broken parts."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from planner.calendars.reading import busy_from, read_events
from planner.domain import Busy
from tests.calendars.ics import BERLIN_VTIMEZONE, calendar, event

BERLIN = ZoneInfo("Europe/Berlin")
MONDAY = date(2026, 11, 23)  # 2026-W48
NEXT_MONDAY = date(2026, 11, 30)


def read(data, start=MONDAY, end=NEXT_MONDAY, zone=BERLIN, name="work"):
    return read_events(data, calendar=name, start=start, end=end, zone=zone)


def busy(data, start=MONDAY, end=NEXT_MONDAY, zone=BERLIN, **options) -> list[str]:
    reading = read(data, start, end, zone)
    assert reading.problems == []
    return [
        f"{item.date:%a} {item.start:%H:%M}-{item.label_end} {item.summary}"
        for item in busy_from(reading.occurrences, start=start, end=end, **options)
    ]


# Repeats ----------------------------------------------------------------------------------------


def test_a_weekly_series_with_an_exdate_a_moved_and_a_cancelled_instance():
    data = calendar(
        event(
            "standup",
            "DTSTART;TZID=Europe/Berlin:20261102T090000",
            "DTEND;TZID=Europe/Berlin:20261102T091500",
            "RRULE:FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR",
            "EXDATE;TZID=Europe/Berlin:20261124T090000",
            summary="Stand-up",
        ),
        event(
            "standup",
            "RECURRENCE-ID;TZID=Europe/Berlin:20261125T090000",
            "DTSTART;TZID=Europe/Berlin:20261125T113000",
            "DTEND;TZID=Europe/Berlin:20261125T114500",
            summary="Stand-up (moved)",
        ),
        event(
            "standup",
            "RECURRENCE-ID;TZID=Europe/Berlin:20261126T090000",
            "DTSTART;TZID=Europe/Berlin:20261126T090000",
            "DTEND;TZID=Europe/Berlin:20261126T091500",
            "STATUS:CANCELLED",
            summary="Stand-up",
        ),
    )
    assert busy(data) == [
        "Mon 09:00-09:15 Stand-up",
        "Wed 11:30-11:45 Stand-up (moved)",
        "Fri 09:00-09:15 Stand-up",
    ]


def test_rdate_adds_occurrences_and_count_ends_a_series():
    data = calendar(
        event(
            "review",
            "DTSTART:20261116T140000Z",
            "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;COUNT=2",
            "RDATE:20261127T140000Z",
            summary="Review",
        )
    )
    # 16 and 23 Nov from the rule, 27 Nov from RDATE; UTC 14:00 is 15:00 in Berlin in winter.
    assert busy(data) == ["Mon 15:00-16:00 Review", "Fri 15:00-16:00 Review"]


# What is free -----------------------------------------------------------------------------------


def test_transparent_cancelled_and_all_day_events_are_free_and_tentative_is_busy():
    data = calendar(
        event("t", "DTSTART:20261123T080000Z", "DTEND:20261123T090000Z", "TRANSP:TRANSPARENT"),
        event("c", "DTSTART:20261123T100000Z", "DTEND:20261123T110000Z", "STATUS:CANCELLED"),
        event("tent", "DTSTART:20261123T120000Z", "DTEND:20261123T130000Z", "STATUS:TENTATIVE"),
        event("day", "DTSTART;VALUE=DATE:20261124", "DTEND;VALUE=DATE:20261125"),
    )
    assert busy(data) == ["Mon 13:00-14:00 tent"]
    assert busy(data, all_day_busy=True) == ["Mon 13:00-14:00 tent", "Tue 00:00-24:00 day"]


def test_an_event_without_length_blocks_nothing():
    data = calendar(event("point", "DTSTART:20261123T080000Z"))
    assert busy(data) == []
    assert [item.summary for item in read(data).occurrences] == ["point"]


def test_the_planners_own_published_events_are_never_read():
    data = calendar(
        event("planner-ab12cd-touch-7", "DTSTART:20261123T080000Z", "DTEND:20261123T081500Z"),
        event("someone-else", "DTSTART:20261123T090000Z", "DTEND:20261123T091500Z"),
    )
    assert [item.uid for item in read(data).occurrences] == ["someone-else"]


# Time zones ------------------------------------------------------------------------------------


def test_any_zone_becomes_local_time():
    data = calendar(
        BERLIN_VTIMEZONE,
        event("vtz", "DTSTART;TZID=Custom/Berlin:20261123T090000", "DURATION:PT30M"),
        event("utc", "DTSTART:20261123T090000Z", "DURATION:PT30M"),
        event("ny", "DTSTART;TZID=America/New_York:20261123T090000", "DURATION:PT30M"),
        event(
            "windows",
            "DTSTART;TZID=W. Europe Standard Time:20261124T090000",
            "DURATION:PT30M",
        ),
        event("floating", "DTSTART:20261125T090000", "DURATION:PT30M"),
    )
    assert busy(data) == [
        "Mon 09:00-09:30 vtz",
        "Mon 10:00-10:30 utc",
        "Mon 15:00-15:30 ny",
        "Tue 09:00-09:30 windows",
        "Wed 09:00-09:30 floating",
    ]
    assert busy(data, zone=ZoneInfo("America/New_York"))[:3] == [
        "Mon 03:00-03:30 vtz",
        "Mon 04:00-04:30 utc",
        "Mon 09:00-09:30 ny",
    ]


def test_weeks_across_a_daylight_saving_change_are_right():
    # Europe leaves summer time on 25 Oct 2026, New York on 1 Nov 2026.
    data = calendar(
        event(
            "utc-daily",
            "DTSTART:20261022T080000Z",
            "DURATION:PT30M",
            "RRULE:FREQ=DAILY;COUNT=5",
            summary="UTC call",
        ),
        event(
            "ny-weekly",
            "DTSTART;TZID=America/New_York:20261019T090000",
            "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            summary="NY sync",
        ),
        event(
            "berlin-weekly",
            "DTSTART;TZID=Europe/Berlin:20261019T090000",
            "DURATION:PT1H",
            "RRULE:FREQ=WEEKLY;COUNT=3",
            summary="Berlin sync",
        ),
    )
    start, end = date(2026, 10, 19), date(2026, 11, 9)
    found = busy(data, start=start, end=end)
    assert [line for line in found if "UTC call" in line] == [
        "Thu 10:00-10:30 UTC call",
        "Fri 10:00-10:30 UTC call",
        "Sat 10:00-10:30 UTC call",
        "Sun 09:00-09:30 UTC call",  # 25 Oct: winter time from 03:00
        "Mon 09:00-09:30 UTC call",
    ]
    assert [line for line in found if "NY sync" in line] == [
        "Mon 15:00-16:00 NY sync",
        "Mon 14:00-15:00 NY sync",  # the week between the two changes
        "Mon 15:00-16:00 NY sync",
    ]
    assert [line for line in found if "Berlin sync" in line] == ["Mon 09:00-10:00 Berlin sync"] * 3


def test_an_unknown_zone_is_read_as_local_time_and_said():
    data = calendar(event("odd", "DTSTART;TZID=Mars/Olympus:20261123T090000", "DURATION:PT1H"))
    reading = read(data)
    assert [(item.start, item.end) for item in reading.occurrences] == [
        (datetime(2026, 11, 23, 9), datetime(2026, 11, 23, 10))
    ]
    assert [str(problem) for problem in reading.problems] == [
        "work: event 'odd': its time zone 'Mars/Olympus' is unknown, "
        "so its times are read as local time"
    ]


# Across midnight and the edges of the range -----------------------------------------------------


def test_an_event_across_midnight_is_split_per_day():
    data = calendar(event("late", "DTSTART:20261124T213000Z", "DTEND:20261125T010000Z"))
    assert busy(data) == ["Tue 22:30-24:00 late", "Wed 00:00-02:00 late"]


def test_only_the_asked_days_are_returned():
    data = calendar(
        event("sunday-night", "DTSTART:20261122T220000Z", "DTEND:20261123T003000Z"),
        event("next-week", "DTSTART:20261130T090000Z", "DTEND:20261130T100000Z"),
    )
    # 23:00 Sunday to 01:30 Monday in Berlin: only Monday's piece is in the week.
    assert busy(data) == ["Mon 00:00-01:30 sunday-night"]


def test_busy_time_carries_the_calendars_buffer():
    data = calendar(event("demo", "DTSTART:20261123T090000Z", "DTEND:20261123T100000Z"))
    reading = read(data)
    assert busy_from(reading.occurrences, start=MONDAY, end=NEXT_MONDAY, buffer=15) == [
        Busy(MONDAY, time(10), time(11), "work", "demo", 15)
    ]


# Attendees -------------------------------------------------------------------------------------


def test_organizer_and_attendee_addresses_are_kept_in_lower_case():
    data = calendar(
        event(
            "lunch",
            "DTSTART:20261123T110000Z",
            "DURATION:PT1H",
            "ORGANIZER;CN=Ana:MAILTO:Ana.Muller@Northwind.example",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:bo@example.com",
            "ATTENDEE;PARTSTAT=ACCEPTED:mailto:ANA.MULLER@northwind.example",
        )
    )
    assert read(data).occurrences[0].emails == ("ana.muller@northwind.example", "bo@example.com")


# Broken input ----------------------------------------------------------------------------------


def test_a_broken_event_is_reported_and_the_others_are_used():
    data = calendar(
        event("good", "DTSTART:20261123T090000Z", "DURATION:PT1H", summary="Good"),
        event("bad", "DTSTART:20261124T090000Z", "RRULE:FREQ=SOMETIMES", summary="Bad rule"),
        event("nostart", "DTEND:20261125T090000Z", summary="No start"),
    )
    reading = read(data)
    assert [item.summary for item in reading.occurrences] == ["Good"]
    assert sorted(problem.event for problem in reading.problems) == ["'Bad rule'", "'No start'"]
    assert all(problem.reason.endswith("it is left out") for problem in reading.problems)


def test_a_file_that_is_not_icalendar_is_reported_in_words():
    page = b"<!DOCTYPE html><html><body>Please sign in</body></html>"
    reading = read(page)
    assert reading.occurrences == []
    assert [str(problem) for problem in reading.problems] == [
        "work: the calendar is not in iCalendar format "
        "(it begins with '<!DOCTYPE html><html><body>Please sign i')"
    ]
    assert [str(problem) for problem in read(b"  \r\n").problems] == ["work: the calendar is empty"]


def test_a_file_that_does_not_parse_is_reported_in_words():
    data = calendar(
        "BEGIN:VTIMEZONE",
        "TZID:Broken",
        "BEGIN:STANDARD",
        "DTSTART:19700101T000000",
        "TZOFFSETFROM:+5328",
        "TZOFFSETTO:+0100",
        "END:STANDARD",
        "END:VTIMEZONE",
        event("x", "DTSTART;TZID=Broken:20261123T090000", "DURATION:PT1H"),
    )
    reading = read(data)
    assert reading.occurrences == []
    assert len(reading.problems) == 1
    assert reading.problems[0].reason.startswith("the calendar cannot be read as iCalendar:")


def test_calendar_objects_are_read_one_by_one():
    good = calendar(event("one", "DTSTART:20261123T090000Z", "DURATION:PT1H"))
    other = calendar(event("two", "DTSTART:20261124T090000Z", "DURATION:PT1H"))
    reading = read([good, b"BEGIN:VCALENDAR\r\nnonsense", other])
    assert [item.uid for item in reading.occurrences] == ["one", "two"]
    assert [problem.reason.split(":")[0] for problem in reading.problems] == [
        "a calendar object cannot be read as iCalendar"
    ]


def test_a_bare_event_without_a_calendar_around_it_is_read():
    bare = event("bare", "DTSTART:20261123T090000Z", "DURATION:PT1H").replace("\n", "\r\n")
    assert [item.uid for item in read(bare.encode()).occurrences] == ["bare"]
