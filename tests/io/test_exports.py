"""The week out: iCalendar read back event by event, real calendar programs, touches CSV."""

import csv
import io
import os
import shutil
import subprocess
from datetime import UTC, date, datetime, time, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Purpose,
    Relationship,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Week,
    Weekday,
)
from planner.io import local_zone, touches_to_csv, touches_to_ics

WEEK = Week(2026, 48)  # Monday 23 November 2026
BERLIN = ZoneInfo("Europe/Berlin")
STAMP = datetime(2026, 11, 20, 8, 30, tzinfo=UTC)
ANA = Contact(
    id=1,
    name="Ana Müller",
    added=date(2025, 1, 1),
    company="Acme, Inc.",
    title="CEO",
    emails=("ana@acme.example",),
    phones=("+49 30 1234",),
    tier=Tier.A,
    relationship=Relationship.CUSTOMER,
)
BO = Contact(id=2, name="Bo Li", added=date(2025, 1, 1), tier=Tier.B)
CONTACTS = {ANA.id: ANA, BO.id: BO}
TOUCHES = [
    Touch(
        id=11,
        contact_id=1,
        purpose=Purpose.REFERRAL_ASK,
        channel=Channel.CALL,
        date=date(2026, 11, 24),
        start=time(9, 0),
        end=time(9, 15),
        reason="A customer, 9 days overdue",
        note="Ask about the Berlin office; bring numbers",
    ),
    Touch(12, 2, Purpose.VALUE, Channel.EMAIL, date(2026, 11, 25)),  # no time: all day
    Touch(13, 2, Purpose.NETWORKING, Channel.COFFEE, date(2026, 11, 27), start=time(12)),
    Touch(14, 1, Purpose.FOLLOW_UP, Channel.CALL, date(2026, 11, 24), status=TouchStatus.DONE),
    Touch(15, 1, Purpose.VALUE, Channel.NOTE, date(2026, 11, 26), status=TouchStatus.SKIPPED),
    Touch(16, 1, Purpose.VALUE, Channel.NOTE, date(2026, 12, 1)),  # next week
    Touch(17, 99, Purpose.PROSPECTING, Channel.MESSAGE, date(2026, 11, 23), start=time(8)),
]
BLOCKS = [
    TimeBlock(1, BlockKind.PROSPECTING, time(9), time(11), day=Weekday.TUE, label="Calls"),
    TimeBlock(2, BlockKind.NETWORKING, time(12), time(13, 30), date=date(2026, 11, 27)),
    TimeBlock(3, BlockKind.ADMIN, time(16), time(17), date=date(2026, 12, 2)),  # next week
]


def export(**options) -> bytes:
    options.setdefault("week", WEEK)
    options.setdefault("tz", BERLIN)
    options.setdefault("stamp", STAMP)
    return touches_to_ics(TOUCHES, CONTACTS, **options)


def events(data: bytes) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def test_calendar_header_and_timezone():
    data = export()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["VERSION"]) == "2.0"
    assert "planner" in str(calendar["PRODID"])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Berlin"]
    assert b"DTSTART;TZID=Europe/Berlin:20261124T090000" in data


def test_one_event_per_planned_touch_of_the_week_checked_one_by_one():
    found = events(export())
    assert sorted(found) == [
        "touch-11@planner",
        "touch-12@planner",
        "touch-13@planner",
        "touch-17@planner",
    ]

    call = found["touch-11@planner"]
    assert str(call["SUMMARY"]) == "Call Ana Müller (A, referral ask)"
    assert call.decoded("DTSTART") == datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    assert call.decoded("DTEND") == datetime(2026, 11, 24, 9, 15, tzinfo=BERLIN)
    assert call.decoded("DTSTAMP") == STAMP
    assert str(call["DESCRIPTION"]).split("\n") == [
        "A customer, 9 days overdue",
        "Purpose: referral ask; channel: call.",
        "CEO at Acme, Inc.",
        "Email: ana@acme.example",
        "Phone: +49 30 1234",
        "Note: Ask about the Berlin office; bring numbers",
    ]

    mail = found["touch-12@planner"]
    assert str(mail["SUMMARY"]) == "Email Bo Li (B, value)"
    assert mail.decoded("DTSTART") == date(2026, 11, 25)  # all day
    assert mail.decoded("DTEND") == date(2026, 11, 26)

    coffee = found["touch-13@planner"]
    assert str(coffee["SUMMARY"]) == "Coffee with Bo Li (B, networking)"
    # Start but no end: the channel's default duration (coffee: 60 minutes).
    assert coffee.decoded("DTEND") - coffee.decoded("DTSTART") == timedelta(minutes=60)

    unknown = found["touch-17@planner"]
    assert str(unknown["SUMMARY"]) == "Message contact 99 (prospecting)"


def test_a_carried_over_touch_says_so_once():
    carried = Touch(
        21,
        2,
        Purpose.NETWORKING,
        Channel.CALL,
        date(2026, 11, 24),
        carried_over=True,
        reason="Carried over from 2026-W47",
    )
    bare = Touch(22, 1, Purpose.NETWORKING, Channel.CALL, date(2026, 11, 25), carried_over=True)
    found = events(touches_to_ics([carried, bare], CONTACTS, week=WEEK, tz=BERLIN, stamp=STAMP))
    first = str(found["touch-21@planner"]["DESCRIPTION"])
    assert first.count("Carried over") == 1 and "2026-W47" in first
    assert "Carried over from an earlier week." in str(found["touch-22@planner"]["DESCRIPTION"])


def test_settings_give_the_duration_of_a_touch_without_an_end():
    settings = Settings(channel_minutes={Channel.COFFEE: 30})
    coffee = events(export(settings=settings))["touch-13@planner"]
    assert coffee.decoded("DTEND") - coffee.decoded("DTSTART") == timedelta(minutes=30)


def test_blocks_are_events_of_their_own_when_asked_for():
    found = events(export(blocks=BLOCKS))
    calls = found["block-1-20261124@planner"]
    assert str(calls["SUMMARY"]) == "Prospecting block: Calls"
    assert calls.decoded("DTSTART") == datetime(2026, 11, 24, 9, tzinfo=BERLIN)
    assert calls.decoded("DTEND") == datetime(2026, 11, 24, 11, tzinfo=BERLIN)
    lunch = found["block-2-20261127@planner"]
    assert str(lunch["SUMMARY"]) == "Networking block"
    assert lunch.decoded("DTEND") == datetime(2026, 11, 27, 13, 30, tzinfo=BERLIN)
    assert not any(uid.startswith("block-3-") for uid in found)
    assert len(found) == 6
    assert not any(uid.startswith("block-") for uid in events(export()))


def test_uids_are_stable_so_a_reexport_updates_the_same_events():
    first = events(export(stamp=STAMP))
    later = events(export(stamp=STAMP + timedelta(days=2)))
    assert first.keys() == later.keys()
    for uid in first:
        assert first[uid]["SUMMARY"] == later[uid]["SUMMARY"]
        assert first[uid].decoded("DTSTART") == later[uid].decoded("DTSTART")


def test_utc_and_fixed_offsets_are_written_as_utc_without_a_timezone():
    for zone in (UTC, ZoneInfo("Etc/UTC"), timezone(timedelta(hours=2))):
        data = export(tz=zone)
        assert b"VTIMEZONE" not in data
        assert b"DTSTART:20261124T090000Z" in data


def test_the_local_zone_comes_from_tz(monkeypatch):
    monkeypatch.setenv("TZ", "America/New_York")
    assert local_zone() == ZoneInfo("America/New_York")
    monkeypatch.setenv("TZ", ":/usr/share/zoneinfo/Asia/Tokyo")
    assert local_zone() == ZoneInfo("Asia/Tokyo")
    data = touches_to_ics(TOUCHES, CONTACTS, week=WEEK, stamp=STAMP)
    assert b"DTSTART;TZID=Asia/Tokyo:20261124T090000" in data
    monkeypatch.setenv("TZ", "No/Such_Zone")
    assert local_zone() is not None  # the system's zone, or UTC


def test_an_empty_week_is_a_valid_calendar():
    data = touches_to_ics([], {}, week=WEEK, tz=BERLIN, stamp=STAMP)
    calendar = icalendar.Calendar.from_ical(data)
    assert calendar.walk("VEVENT") == []


# -- real calendar programs (skipped where they are not installed, unless CI requires them) ------


def calendar_program(name: str) -> str:
    """The program's path; skips the test where it is missing, or fails it when
    PLANNER_REQUIRE_CALENDARS=1 (CI sets it after installing both programs)."""
    path = shutil.which(name)
    if path is None:
        if os.environ.get("PLANNER_REQUIRE_CALENDARS") == "1":
            pytest.fail(f"{name} is not installed (PLANNER_REQUIRE_CALENDARS=1 requires it)")
        pytest.skip(f"{name} is not installed")
    return path


@pytest.fixture
def ics_file(tmp_path: Path) -> Path:
    path = tmp_path / "week.ics"
    path.write_bytes(export(blocks=BLOCKS))
    return path


def test_calcurse_imports_every_event_without_skipping_any(ics_file, tmp_path):
    calendar_program("calcurse")
    data_dir = tmp_path / "calcurse"
    data_dir.mkdir()
    done = subprocess.run(
        ["calcurse", "-D", str(data_dir), "-i", str(ics_file)],
        capture_output=True,
        text=True,
        env={**os.environ, "TZ": "Europe/Berlin"},
        timeout=30,
    )
    assert done.returncode == 0, done.stderr
    assert "5 apps / 1 event / 0 todos / 0 skipped" in done.stdout
    appointments = (data_dir / "apts").read_text(encoding="utf-8")
    assert "11/24/2026 @ 09:00 -> 11/24/2026 @ 09:15" in appointments
    assert "Call Ana Müller (A, referral ask)" in appointments
    assert "11/25/2026 [1]" in appointments and "Email Bo Li (B, value)" in appointments


def test_khal_imports_without_warnings_and_a_reimport_updates(ics_file, tmp_path):
    calendar_program("khal")
    calendar_dir = tmp_path / "khal" / "planner"
    calendar_dir.mkdir(parents=True)
    config = tmp_path / "khal.conf"
    config.write_text(
        "[calendars]\n[[planner]]\n"
        f"path = {calendar_dir}\ntype = calendar\n"
        "[locale]\ntimeformat = %H:%M\ndateformat = %Y-%m-%d\n"
        "longdateformat = %Y-%m-%d\ndatetimeformat = %Y-%m-%d %H:%M\n"
        "longdatetimeformat = %Y-%m-%d %H:%M\n"
        "local_timezone = Europe/Berlin\ndefault_timezone = Europe/Berlin\n",
        encoding="utf-8",
    )
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "data"), "TZ": "Europe/Berlin"}

    def khal(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["khal", "-c", str(config), *args], capture_output=True, text=True, env=env, timeout=60
        )

    for _ in range(2):  # the second import of the same UIDs replaces, never duplicates
        done = khal("import", "--batch", "-a", "planner", str(ics_file))
        assert done.returncode == 0, done.stderr
        assert "warning" not in done.stderr.lower(), done.stderr
        assert done.stderr.strip() == ""
    assert len(list(calendar_dir.glob("*.ics"))) == 6
    listed = khal("list", "--format", "{start-time}-{end-time} {title}", "2026-11-23", "7d")
    assert listed.returncode == 0, listed.stderr
    assert "09:00-09:15 Call Ana Müller (A, referral ask)" in listed.stdout
    assert "09:00-11:00 Prospecting block: Calls" in listed.stdout
    assert " Email Bo Li (B, value)" in listed.stdout


# -- touches CSV --------------------------------------------------------------------------------


def test_touches_csv_lists_every_touch_given_by_date_and_time():
    data = touches_to_csv(TOUCHES, CONTACTS)
    assert data.startswith(b"\xef\xbb\xbfId,Week,Date,Start,End,Contact id,Contact,")
    rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert [row["Id"] for row in rows] == ["17", "14", "11", "12", "15", "13", "16"]
    call = rows[2]
    assert call == {
        "Id": "11",
        "Week": "2026-W48",
        "Date": "2026-11-24",
        "Start": "09:00",
        "End": "09:15",
        "Contact id": "1",
        "Contact": "Ana Müller",
        "Company": "Acme, Inc.",
        "Tier": "A",
        "Purpose": "referral ask",
        "Channel": "call",
        "Status": "planned",
        "Reason": "A customer, 9 days overdue",
        "Note": "Ask about the Berlin office; bring numbers",
        "Carried over": "",
        "Pinned": "",
    }
    assert rows[0]["Contact"] == ""  # contact 99 is unknown
    assert touches_to_csv([], {}, bom=False) == (
        b"Id,Week,Date,Start,End,Contact id,Contact,Company,Tier,Purpose,Channel,Status,"
        b"Reason,Note,Carried over,Pinned\r\n"
    )
