"""Publishing the week to a real CalDAV server (Radicale): create, leave alone, update, delete,
never touch what is not ours, leave the user's edits alone, and finish after a server that went
away half way."""

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest

from planner.calendars.errors import CalendarError
from planner.calendars.fetching import fetch
from planner.calendars.publishing import PublishState, publish_week, uid_for
from planner.calendars.reading import read_events
from planner.calendars.sources import make_source
from planner.domain import (
    Channel,
    Contact,
    Purpose,
    Relationship,
    Settings,
    Tier,
    Touch,
    TouchStatus,
    Week,
)
from tests.calendars.ics import calendar, event
from tests.calendars.servers import Radicale

BERLIN = ZoneInfo("Europe/Berlin")
WEEK = Week.parse("2026-W48")
MONDAY = WEEK.monday
NOW = datetime(2026, 11, 22, 18, 0, tzinfo=UTC)
ANA = Contact(
    1,
    "Ana Müller",
    date(2025, 1, 1),
    company="Northwind",
    emails=("ana@northwind.example",),
    phones=("+49 30 1234567",),
    tier=Tier.A,
    relationship=Relationship.CUSTOMER,
)
BO = Contact(2, "Bo Berg", date(2025, 1, 1), tier=Tier.B, emails=("bo@example.com",))
CY = Contact(3, "Cy Chan", date(2025, 1, 1), tier=Tier.C)
CONTACTS = {person.id: person for person in (ANA, BO, CY)}


def touch(ident, contact_id, day, start, minutes=15, **changes) -> Touch:
    begin = time.fromisoformat(start)
    end = (datetime.combine(day, begin) + timedelta(minutes=minutes)).time()
    made = Touch(
        id=ident,
        contact_id=contact_id,
        purpose=Purpose.NETWORKING,
        channel=Channel.CALL,
        date=day,
        start=begin,
        end=end,
        reason=f"Reason {ident}",
    )
    return replace(made, **changes)


WEEK_TOUCHES = [
    touch(
        11, 1, MONDAY, "09:00", purpose=Purpose.REFERRAL_ASK, reason="A customer, 9 days overdue"
    ),
    touch(12, 2, MONDAY, "09:30"),
    touch(13, 3, MONDAY + timedelta(1), "12:00", status=TouchStatus.DONE),
    touch(14, 2, MONDAY + timedelta(2), "16:00", status=TouchStatus.SKIPPED),
]


@pytest.fixture
def target(radicale):
    url = radicale.make_calendar("ana", "planner")
    return make_source("phone", caldav=url, user="ana", publish=True)


def publish(source, touches, state=None, now=NOW, **kwargs):
    return publish_week(
        source,
        week=WEEK,
        touches=touches,
        contacts=CONTACTS,
        settings=Settings(),
        state=state or PublishState(),
        database_id="db1",
        password="x",
        zone=BERLIN,
        timeout=5,
        now=now,
        **kwargs,
    )


def counts(result) -> tuple[int, int, int, int]:
    return result.created, result.updated, result.deleted, result.unchanged


def server_events(source) -> dict[str, icalendar.Event]:
    fetched = fetch(source, password="x", timeout=5)
    found = {}
    for raw in fetched.objects:
        for item in icalendar.Calendar.from_ical(raw).walk("VEVENT"):
            found[str(item["UID"])] = item
    return found


def put_raw(source, name: str, body: bytes) -> None:
    from caldav.davclient import DAVClient

    with DAVClient(url=source.location, username="ana", password="x", timeout=5) as client:
        response = client.put(
            source.location + name, body.decode(), {"Content-Type": "text/calendar"}
        )
        assert response.status in (201, 204)


def test_the_week_is_published_one_event_per_planned_or_done_touch(target):
    result = publish(target, WEEK_TOUCHES)
    assert (counts(result), result.conflicts, result.error) == ((3, 0, 0, 0), [], "")
    events = server_events(target)
    assert sorted(events) == [uid_for("db1", 11), uid_for("db1", 12), uid_for("db1", 13)]
    ana = events[uid_for("db1", 11)]
    assert str(ana["SUMMARY"]) == "Call Ana Müller (A, referral ask)"
    assert ana["DTSTART"].dt == datetime(2026, 11, 23, 9, 0, tzinfo=BERLIN)
    description = str(ana["DESCRIPTION"])
    assert "A customer, 9 days overdue" in description
    assert "ana@northwind.example" in description and "+49 30 1234567" in description
    [alarm] = ana.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-10)
    done = events[uid_for("db1", 13)]
    assert str(done["SUMMARY"]) == "Done: Call Cy Chan (C, networking)"
    assert done.walk("VALARM") == []
    assert sorted(result.state.events) == [11, 12, 13]


def test_publishing_twice_changes_nothing_the_second_time(target):
    first = publish(target, WEEK_TOUCHES)
    tags = {ident: entry.etag for ident, entry in first.state.events.items()}
    again = publish(target, WEEK_TOUCHES, first.state, now=NOW + timedelta(hours=5))
    assert (counts(again), again.conflicts) == ((0, 0, 0, 3), [])
    assert {ident: entry.etag for ident, entry in again.state.events.items()} == tags
    assert again.to_json() == {
        "created": 0,
        "updated": 0,
        "deleted": 0,
        "unchanged": 3,
        "conflicts": [],
        "error": None,
    }


def test_a_replan_deletes_the_replaced_touches_and_creates_the_new_ones(target):
    first = publish(target, WEEK_TOUCHES)
    replanned = [WEEK_TOUCHES[0], WEEK_TOUCHES[2], touch(20, 2, MONDAY, "10:00")]
    result = publish(target, replanned, first.state)
    assert counts(result) == (1, 0, 1, 2)
    assert sorted(server_events(target)) == sorted(uid_for("db1", i) for i in (11, 13, 20))


def test_a_skipped_touch_loses_its_event(target):
    first = publish(target, WEEK_TOUCHES)
    skipped = [replace(WEEK_TOUCHES[1], status=TouchStatus.SKIPPED), *WEEK_TOUCHES[2:]]
    result = publish(target, [WEEK_TOUCHES[0], *skipped], first.state)
    assert counts(result) == (0, 0, 1, 2)
    assert uid_for("db1", 12) not in server_events(target)
    assert 12 not in result.state.events


def test_a_moved_touch_moves_its_event(target):
    first = publish(target, WEEK_TOUCHES)
    moved = replace(WEEK_TOUCHES[1], date=MONDAY + timedelta(3), start=time(14), end=time(14, 15))
    result = publish(target, [WEEK_TOUCHES[0], moved, *WEEK_TOUCHES[2:]], first.state)
    assert counts(result) == (0, 1, 0, 2)
    start = server_events(target)[uid_for("db1", 12)]["DTSTART"].dt
    assert start == datetime(2026, 11, 26, 14, 0, tzinfo=BERLIN)


def test_a_touch_moved_to_another_week_leaves_this_weeks_calendar(target):
    first = publish(target, WEEK_TOUCHES)
    later = replace(WEEK_TOUCHES[1], date=MONDAY + timedelta(7))
    result = publish(target, [WEEK_TOUCHES[0], later, *WEEK_TOUCHES[2:]], first.state)
    assert counts(result) == (0, 0, 1, 2)
    next_week = publish_week(
        target,
        week=WEEK.shift(1),
        touches=[later],
        contacts=CONTACTS,
        settings=Settings(),
        state=result.state,
        database_id="db1",
        password="x",
        zone=BERLIN,
        timeout=5,
        now=NOW,
    )
    assert counts(next_week) == (1, 0, 0, 0)  # and this week's events are left alone
    assert len(server_events(target)) == 3


def test_an_event_the_user_edited_is_left_alone_and_reported(target):
    first = publish(target, WEEK_TOUCHES)
    uid = uid_for("db1", 12)
    edited = server_events(target)[uid]
    edited["SUMMARY"] = "Call Bo about the offsite (moved by me)"
    holder = icalendar.Calendar()
    holder.add("prodid", "-//phone//EN")
    holder.add("version", "2.0")
    holder.add_component(edited)
    put_raw(target, f"{uid}.ics", holder.to_ical())
    moved = replace(WEEK_TOUCHES[1], start=time(10, 30), end=time(10, 45))
    result = publish(target, [WEEK_TOUCHES[0], moved, *WEEK_TOUCHES[2:]], first.state)
    assert counts(result) == (0, 0, 0, 2)
    assert [(conflict.touch_id, conflict.reason) for conflict in result.conflicts] == [
        (
            12,
            "edited in the calendar since the last publish, so it is left as it is there "
            "(delete it there to have the planner write it again)",
        )
    ]
    still = server_events(target)[uid]
    assert str(still["SUMMARY"]) == "Call Bo about the offsite (moved by me)"
    assert still["DTSTART"].dt == datetime(2026, 11, 23, 9, 30, tzinfo=BERLIN)
    # Skipping the touch does not delete the user's event either.
    skipped = replace(moved, status=TouchStatus.SKIPPED)
    after = publish(target, [WEEK_TOUCHES[0], skipped, *WEEK_TOUCHES[2:]], result.state)
    assert [conflict.touch_id for conflict in after.conflicts] == [12]
    assert uid in server_events(target)


def test_only_the_planners_own_events_are_touched_and_never_read_as_busy(target):
    mine = calendar(event("dentist", "DTSTART:20261123T080000Z", "DURATION:PT1H"))
    other_db = calendar(
        event(uid_for("db2", 11), "DTSTART:20261123T100000Z", "DURATION:PT15M", summary="x")
    )
    put_raw(target, "dentist.ics", mine)
    put_raw(target, "other.ics", other_db)
    first = publish(target, WEEK_TOUCHES)
    publish(target, [], first.state)  # every touch of ours gone: our events go, only ours
    assert sorted(server_events(target)) == ["dentist", uid_for("db2", 11)]
    publish(target, WEEK_TOUCHES)
    fetched = fetch(target, password="x", timeout=5)
    reading = read_events(
        fetched.objects, calendar="phone", start=MONDAY, end=MONDAY + timedelta(7), zone=BERLIN
    )
    assert [item.uid for item in reading.occurrences] == ["dentist"]


def test_a_lost_state_does_not_double_the_events(target):
    publish(target, WEEK_TOUCHES)
    again = publish(target, WEEK_TOUCHES, PublishState())
    assert counts(again) == (0, 0, 0, 3)
    assert len(server_events(target)) == 3


def test_a_server_stopped_half_way_loses_nothing_and_the_next_publish_completes(target, radicale):
    touches = [*WEEK_TOUCHES[:3], touch(15, 1, MONDAY + timedelta(3), "09:00")]
    written = []

    def stop_after_two(action, ident):
        written.append((action, ident))
        if len(written) == 2:
            radicale.stop()

    result = publish(target, touches, on_write=stop_after_two)
    assert result.error == (
        "cannot connect to 127.0.0.1: the connection was refused (is the server running?)"
    )
    assert counts(result) == (2, 0, 0, 0)
    assert sorted(result.state.events) == [11, 12]
    radicale.start()
    again = publish(target, touches, result.state)
    assert (counts(again), again.error) == ((2, 0, 0, 2), "")
    assert sorted(server_events(target)) == sorted(uid_for("db1", i) for i in (11, 12, 13, 15))


def test_a_refused_login_is_said_in_words(tmp_path):
    server = Radicale(tmp_path, users={"ana": "right"})
    server.start()
    try:
        url = server.make_calendar("ana", "planner", password="right")
        source = make_source("phone", caldav=url, user="ana", publish=True)
        result = publish_week(
            source,
            week=WEEK,
            touches=WEEK_TOUCHES,
            contacts=CONTACTS,
            settings=Settings(),
            state=PublishState(),
            database_id="db1",
            password="wrong",
            zone=BERLIN,
            timeout=5,
            now=NOW,
        )
        assert result.error.startswith(f"{url} refused the user and password (HTTP 401)")
        assert counts(result) == (0, 0, 0, 0)
    finally:
        server.stop()


def test_only_a_caldav_calendar_and_a_plain_database_id_are_accepted(target, tmp_path):
    with pytest.raises(CalendarError, match="only a CalDAV calendar can receive the week"):
        publish(make_source("file", ics=str(tmp_path / "a.ics")), WEEK_TOUCHES)
    with pytest.raises(CalendarError, match="is not letters, digits"):
        publish_week(
            target,
            week=WEEK,
            touches=[],
            contacts={},
            settings=Settings(),
            state=PublishState(),
            database_id="../x",
            password=None,
        )


def test_the_state_round_trips_through_json(target):
    result = publish(target, WEEK_TOUCHES)
    data = result.state.to_json()
    assert PublishState.from_json(data) == result.state
    assert set(data) == {"calendar", "events"}
    assert set(data["events"]["11"]) == {"uid", "href", "etag", "digest", "week"}
