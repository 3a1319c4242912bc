"""The calendars in the app: busy time shown in the week and never planned over, meetings
logged only on the user's key, the week published in the background and a failure said."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from time import monotonic

import pytest
from textual.widgets import Input

from planner import service
from planner.domain import Channel, TouchStatus
from planner.ui.modals.form import ConfirmScreen
from planner.ui.modals.meetings import MeetingsScreen
from planner.ui.publishing import Publisher
from planner.ui.widgets.table import VirtualTable
from tests.calendars.ics import calendar, event
from tests.calendars.servers import Route, free_port
from tests.calendars.test_cli import server_events
from tests.ui.conftest import NOW, SIZE, make_app, reopen

MONDAY = NOW.date()
BUSY = calendar(
    event("demo", "DTSTART:20261123T100000", "DTEND:20261123T103000", summary="Customer demo"),
    event("offsite", "DTSTART:20261125T093000", "DTEND:20261125T120000", summary="Offsite"),
)


@pytest.fixture(autouse=True)
def berlin(monkeypatch) -> None:
    monkeypatch.setenv("TZ", "Europe/Berlin")
    monkeypatch.delenv("PLANNER_CALDAV_PASSWORD", raising=False)
    monkeypatch.setattr(Publisher, "DELAY", 0.05)


def agenda_text(app) -> str:
    table = app.screen.query_one("#agenda", VirtualTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def settle(app, pilot, seconds: float = 0.0) -> None:
    if seconds:
        await pilot.pause(seconds)
    await app.workers.wait_for_complete()
    await pilot.pause()


async def plan(app, pilot) -> None:
    await pilot.press("p")
    await pilot.pause()
    if isinstance(app.screen, ConfirmScreen):
        await pilot.press("y")
    await settle(app, pilot)


def with_calendar(db_path: Path, tmp_path: Path, body: bytes = BUSY):
    app = make_app(db_path, demo=True)
    path = tmp_path / "work.ics"
    path.write_bytes(body)
    service.add_calendar(app.store, "work", ics=str(path))
    return app


def overlapping(app, day: date, start: time, end: time) -> list:
    return [
        touch
        for touch in app.store.week_touches(app.this_week)
        if touch.date == day
        and touch.start is not None
        and touch.status in (TouchStatus.PLANNED, TouchStatus.DONE)
        and touch.start < end
        and start < (touch.end or touch.start)
    ]


async def test_busy_events_show_in_the_blocks_they_cut_and_p_plans_around_them(db_path, tmp_path):
    app = with_calendar(db_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        text = agenda_text(app)
        assert "busy 10:00–10:30  Customer demo · work" in text
        lines = text.splitlines()
        block = next(i for i, line in enumerate(lines) if "Prospecting 09:00–11:00" in line)
        busy = next(i for i, line in enumerate(lines) if "Customer demo" in line)
        assert block < busy, "the event is drawn inside the block it cuts"
        summary = str(app.screen.query_one("#week-summary").render())
        assert "meetings take 120 min" in summary  # 30 on Monday, 90 of Wednesday's block
        await plan(app, pilot)
        assert app.store.week_touches(app.this_week), "the week was planned"
        assert overlapping(app, MONDAY, time(10), time(10, 30)) == []
        assert overlapping(app, date(2026, 11, 25), time(9, 30), time(12)) == []
        assert "Customer demo" in agenda_text(app)


async def test_a_move_onto_busy_time_is_refused_in_the_form(db_path, tmp_path):
    app = with_calendar(db_path, tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(app, pilot)
        await plan(app, pilot)
        touch = next(
            t for t in app.store.week_touches(app.this_week) if t.date == MONDAY and t.start
        )
        app.screen.query_one("#agenda", VirtualTable).move_cursor_to(touch.id)
        await pilot.press("m")
        form = app.screen
        form.query_one("#field-date", Input).value = MONDAY.isoformat()
        form.query_one("#field-start", Input).value = "10:10"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form, "the move is refused"
        error = str(form.query_one("#error-start").render())
        assert "clashes with 'Customer demo' 10:00–10:30, work calendar" in error
        assert reopen(app).touch(touch.id).start == touch.start


async def test_the_screen_answers_keys_while_a_calendar_is_slow(db_path, ics_server):
    ics_server.routes["/slow.ics"] = Route(body=BUSY, delay=3.0)
    app = make_app(db_path, demo=True)
    service.add_calendar(app.store, "slow", ics=ics_server.url("/slow.ics"))
    started = monotonic()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert "2026-W49" in str(app.screen.query_one("#mode-bar").render())
        await pilot.press("t")
        await pilot.pause()
        assert monotonic() - started < 2.5, "the keys waited for the calendar"
        assert "Customer demo" not in agenda_text(app)
        await settle(app, pilot, 3.0)
        assert "Customer demo" in agenda_text(app), "drawn once it arrived"


async def test_meetings_are_offered_and_logged_only_on_the_users_key(db_path, tmp_path):
    app = make_app(db_path, demo=True)
    store = app.store
    day = date(2026, 11, 19)
    done = store.done_days_between(day, day)
    person = next(
        contact
        for contact in store.contacts.values()
        if contact.emails and not contact.archived and day not in done.get(contact.id, [])
    )
    body = calendar(
        event(
            "met",
            "DTSTART:20261119T143000",
            "DTEND:20261119T153000",
            f"ORGANIZER:mailto:{person.emails[0]}",
            summary="Site visit",
        )
    )
    path = tmp_path / "work.ics"
    path.write_bytes(body)
    service.add_calendar(store, "work", ics=str(path))
    before = len(list(store.all_touches()))
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await pilot.press("M")
        await settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, MeetingsScreen)
        assert [each.name for each in screen.suggestions] == [person.name]
        assert "Site visit" in " ".join(map(str, screen.render_row(0)))
        await pilot.press("escape")
        await pilot.pause()
        assert len(list(reopen(app).all_touches())) == before, "nothing logged without a key"
        await pilot.press("M")
        await settle(app, pilot)
        await pilot.press("enter")
        await pilot.pause()
        logged = [
            touch
            for touch in reopen(app).touches_of(person.id)
            if touch.date == day and touch.channel is Channel.MEETING
        ]
        assert len(logged) == 1
        assert (logged[0].status, logged[0].start) == (TouchStatus.DONE, time(14, 30))
        assert "Site visit" in logged[0].reason and "work calendar" in logged[0].reason
        assert app.screen.suggestions == []
        said = [str(note.message) for note in app._notifications]
        assert any(f"Logged: meeting with {person.name}" in text for text in said)
        await pilot.press("escape")
        await pilot.press("M")
        await settle(app, pilot)
        assert app.screen.suggestions == [], "a logged meeting is not offered again"


async def test_the_planned_week_is_published_in_the_background(db_path, radicale):
    url = radicale.make_calendar("ana", "planner")
    app = make_app(db_path, demo=True)
    service.add_calendar(app.store, "phone", caldav=url, user="ana", publish=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await plan(app, pilot)
        await settle(app, pilot, 0.3)
        planned = app.store.week_touches(app.this_week)
        assert len(server_events(url)) == len(planned)
        saved = reopen(app).calendars[1].published
        assert sorted(saved.events) == sorted(touch.id for touch in planned)
        first = planned[0]
        app.screen.query_one("#agenda", VirtualTable).move_cursor_to(first.id)
        await pilot.press("s")
        await settle(app, pilot, 0.3)
        assert not [uid for uid in server_events(url) if uid.endswith(f"-touch-{first.id}")]


async def test_a_publish_that_fails_is_said(db_path):
    nowhere = f"http://127.0.0.1:{free_port()}/ana/planner/"
    app = make_app(db_path, demo=True)
    service.add_calendar(app.store, "phone", caldav=nowhere, user="ana", publish=True)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(app, pilot)
        await plan(app, pilot)
        await settle(app, pilot, 0.3)
        said = [str(note.message) for note in app._notifications]
        failed = [text for text in said if text.startswith("Could not publish 2026-W48 to phone")]
        assert failed, said
        assert "tried again after the next change" in failed[0]
        assert app.store.week_touches(app.this_week), "the plan is saved all the same"
