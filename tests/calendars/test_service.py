"""The calendars' service: the publish state kept small, the database id made once, the heat
map's `p` and a slow calendar that planning does not wait for beyond 5 seconds."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from time import monotonic

import pytest

from planner import service
from planner.calendars import PublishResult
from planner.demo import build_demo
from planner.domain import PublishState, Relationship, Week
from planner.domain.calendars import Published
from planner.store import Store
from tests.calendars.ics import calendar, event
from tests.calendars.servers import Route
from tests.cli.test_commands import CLI

TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 8, 0)


@pytest.fixture
def store(db_path: Path, monkeypatch) -> Store:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    made = Store.open(db_path)
    build_demo(made, TODAY)
    return made


def published(week: str, ident: int) -> Published:
    return Published(f"planner-x-touch-{ident}", f"/c/{ident}.ics", '"1"', "d" * 32, week)


def test_the_publish_state_keeps_only_the_weeks_that_may_be_published_again(store):
    calendar_row = service.add_calendar(
        store, "phone", caldav="https://dav.example.com/ana/planner/", publish=True
    )
    job = service.PublishJob(
        calendar_id=calendar_row.id,
        source=calendar_row.source,
        week=Week.parse("2026-W30"),
        touches=(),
        contacts={},
        settings=store.settings,
        state=PublishState(),
        database_id=store.settings.database_id,
    )
    state = PublishState(
        calendar_row.source.location,
        {
            1: published("2026-W30", 1),  # the week just published, however old: kept
            2: published("2026-W40", 2),  # long past: dropped
            3: published("2026-W46", 3),  # two weeks back: kept
            4: published("2026-W49", 4),
        },
    )
    assert service.save_publish_state(store, job, PublishResult(state), today=TODAY)
    kept = Store.open(store.path).calendars[calendar_row.id].published
    assert sorted(kept.events) == [1, 3, 4]
    again = PublishResult(replace(state, events=dict(kept.events)))
    assert not service.save_publish_state(store, job, again, today=TODAY), "nothing new"


def test_the_database_id_is_made_once_and_outlives_its_calendar(store):
    assert store.settings.database_id == ""
    service.add_calendar(store, "phone", caldav="https://dav.example.com/a/", publish=True)
    made = store.settings.database_id
    assert len(made) == 16
    service.remove_calendar(store, "phone")
    service.add_calendar(store, "phone", caldav="https://dav.example.com/a/", publish=True)
    assert Store.open(store.path).settings.database_id == made


def test_a_touch_added_from_the_heat_map_avoids_busy_time(store, tmp_path):
    path = tmp_path / "work.ics"
    path.write_bytes(
        calendar(
            event("all-morning", "DTSTART:20261123T090000", "DTEND:20261123T110000"),
            event("wed", "DTSTART:20261125T090000", "DTEND:20261125T093000"),
        )
    )
    service.add_calendar(store, "work", ics=str(path))
    service.refresh_calendars(store, today=TODAY)  # a copy to read, as after `add`
    prospect = next(
        contact
        for contact in store.contacts.values()
        if contact.relationship is Relationship.PROSPECT and not contact.archived
    )
    week = Week.of(TODAY)
    touch = service.add_planned_touch(store, prospect.id, week=week, now=NOW)
    assert touch.start is not None
    assert touch.date != TODAY or touch.start >= time(11)
    assert touch.date != date(2026, 11, 25) or touch.start >= time(9, 30)
    free = service.add_planned_touch(store, prospect.id, week=week, now=NOW, busy=[])
    assert (free.date, free.start) == (TODAY, time(9)), "Monday 09:00 was free but for it"


def test_planning_waits_five_seconds_at_most_for_a_slow_calendar(
    db_path, capsys, monkeypatch, ics_server
):
    monkeypatch.setenv("TZ", "Europe/Berlin")
    cli = CLI(db_path, capsys)
    cli.ok("demo")
    body = calendar(
        event("demo", "DTSTART:20261123T090000", "DTEND:20261123T100000", summary="Demo")
    )
    ics_server.routes["/work.ics"] = Route(body=body)
    cli.ok("calendars", "add", "work", "--ics", ics_server.url("/work.ics"))
    ics_server.routes["/work.ics"] = Route(body=body, delay=9.0)
    meta = next((db_path.parent / "planner.calendars").glob("*.meta.json"))
    data = json.loads(meta.read_text())
    data["fetched_at"] = "2026-01-01T00:00:00+00:00"  # due again
    meta.write_text(json.dumps(data))
    started = monotonic()
    code, out, err = cli("plan", "--json")
    waited = monotonic() - started
    assert code == 0 and waited < 8.0, waited
    assert "work: no answer within 5 seconds (still trying in the background)" in err
    monday = [t for t in json.loads(out)["touches"] if t["date"] == "2026-11-23" and t["start"]]
    assert monday and all(t["start"] >= "10:00" for t in monday), "the copy is used meanwhile"


def test_carrying_an_unfinished_touch_onto_a_meeting_is_refused_naming_it(store):
    from planner.domain import Busy
    from planner.domain.errors import ValidationError

    last_week = Week.of(TODAY).shift(-1)
    unfinished = next(t for t in store.week_touches(last_week) if t.is_open)
    demo = Busy(date(2026, 11, 25), time(9), time(10), "work", "Customer demo")
    with pytest.raises(ValidationError, match="clashes with 'Customer demo' 09:00–10:00"):
        service.move_unfinished(
            store, unfinished.id, day="2026-11-25", start="09:15", now=NOW, busy=[demo]
        )
    moved = service.move_unfinished(
        store, unfinished.id, day="2026-11-25", start="10:00", now=NOW, busy=[demo]
    )
    assert (moved.date, moved.start) == (date(2026, 11, 25), time(10))
