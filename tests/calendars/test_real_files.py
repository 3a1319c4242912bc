"""Real calendar files from other projects' test suites (Google, Outlook, Thunderbird, Lotus
Notes, khal): each is read or reported in words, none crashes. SOURCES.txt beside them says what
each exercises."""

from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from planner.calendars.reading import busy_from, read_events
from tests.io.conftest import SHARED_TESTDATA

BERLIN = ZoneInfo("Europe/Berlin")
FIRST, LAST = date(2000, 1, 1), date(2031, 1, 1)
NAMES = sorted(path.name for path in (SHARED_TESTDATA / "ics").glob("*.ics"))


def read(folder: Path, name: str, start=FIRST, end=LAST):
    return read_events(
        (folder / name).read_bytes(), calendar=name, start=start, end=end, zone=BERLIN
    )


@pytest.mark.parametrize("name", NAMES or ["(no files)"])
def test_every_file_is_read_or_reported_in_words(ics_files, name):
    assert NAMES, f"no .ics files in {ics_files}"
    reading = read(ics_files, name)
    busy = busy_from(reading.occurrences, start=FIRST, end=LAST, all_day_busy=True)
    assert reading.occurrences or reading.problems or name == "icalendar__bom_calendar.ics"
    for problem in reading.problems:
        text = str(problem)
        assert text.startswith(f"{name}: ") and "Traceback" not in text
        assert problem.reason[:1].islower()  # a phrase that reads on after the name
    for item in busy:
        assert item.begin < item.finish


def test_the_files_that_do_not_parse_are_reported(ics_files):
    reading = read(ics_files, "khal__invalid_tzoffset.ics")
    assert reading.occurrences == []
    assert [problem.reason for problem in reading.problems] == [
        "the calendar cannot be read as iCalendar: Offset must be less than 24 hours, was +5328"
    ]
    broken = read(ics_files, "icalendar__broken_ical.ics")
    assert broken.occurrences == []
    assert [problem.event for problem in broken.problems] == ["'An Event with too many semicolons'"]


def test_one_bad_exdate_leaves_the_good_event_of_the_same_file_in_use(ics_files):
    reading = read(ics_files, "icalendar__parsing_error.ics")
    # 3 to 23 March 2008 daily, 11 March excluded: 20 days.
    assert len(reading.occurrences) == 20
    assert date(2008, 3, 11) not in {item.start.date() for item in reading.occurrences}
    assert len(reading.problems) == 1
    assert "EXDATE" in reading.problems[0].reason


def test_a_cancelled_instance_is_dropped(ics_files):
    plain = read(ics_files, "khal__event_rrule_recuid.ics")
    cancelled = read(ics_files, "khal__event_rrule_recuid_cancelled.ics")
    assert len(plain.occurrences) == 6
    assert len(cancelled.occurrences) == 5
    assert {item.start for item in plain.occurrences} - {
        item.start for item in cancelled.occurrences
    } == {datetime(2014, 7, 14, 7, 0)}


def test_custom_zone_names_from_a_vtimezone_become_local_time(ics_files):
    reading = read(ics_files, "khal__cal_lots_of_timezones.ics")
    assert reading.problems == []
    overnight = [item for item in reading.occurrences if item.end.date() > item.start.date()]
    assert overnight  # and busy time splits it per day
    pieces = busy_from(overnight[:1], start=FIRST, end=LAST)
    assert [piece.date for piece in pieces] == [
        overnight[0].start.date(),
        overnight[0].end.date(),
    ]


def test_an_unknown_zone_without_vtimezone_is_read_as_local_time_and_said(ics_files):
    reading = read(ics_files, "khal__event_dtr_notz_untilz.ics")
    assert len(reading.occurrences) == 7
    assert [problem.reason for problem in reading.problems] == [
        "its time zone 'GMT-05.00/-04.00' is unknown, so its times are read as local time"
    ]


def test_holidays_marked_transparent_are_never_busy(ics_files):
    reading = read(ics_files, "icalendar__example.ics")
    assert len(reading.occurrences) == 3
    assert busy_from(reading.occurrences, start=FIRST, end=LAST, all_day_busy=True) == []


def test_a_google_calendar_repeating_on_weekdays_gives_five_meetings_a_week(ics_files):
    week = read(ics_files, "icalendar__x_location.ics", date(2026, 11, 23), date(2026, 11, 30))
    busy = busy_from(week.occurrences, start=date(2026, 11, 23), end=date(2026, 11, 30))
    assert [(item.date.isoweekday(), f"{item.start:%H:%M}") for item in busy] == [
        (day, "14:00") for day in range(1, 6)
    ]


def test_an_outlook_export_with_a_windows_zone_is_read(ics_files):
    reading = read(ics_files, "icalendar__alarm_outlook_in_future.ics")
    assert reading.problems == []
    timed = [item for item in reading.occurrences if not item.all_day]
    assert len(reading.occurrences) == 5 and len(timed) == 1


def test_the_attendees_of_a_blackberry_invitation_are_found_in_any_case(ics_files):
    reading = read(ics_files, "icalendar__property_params.ics")
    assert "rembrand@daxlab.com" in reading.occurrences[0].emails


def test_an_address_inside_an_email_alarm_is_not_an_attendee(ics_files):
    reading = read(ics_files, "icalendar__alarm_google_future.ics")
    assert [item.emails for item in reading.occurrences] == [()]
