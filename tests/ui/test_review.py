"""The review screen on the demo network (Monday 23 November 2026, 08:00): it opens on the week
that ended, shows the numbers of `planner review`, and every key changes what is saved."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rich.text import Text

from planner.cli import run
from planner.domain import Channel, GoalMetric, TouchStatus, Week
from planner.ui.modals.touch import CarryForm
from planner.ui.screens.review import ReviewScreen
from planner.ui.screens.sorting import SortScreen
from planner.ui.screens.week import WeekScreen
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import NOW, SIZE, reopen

LAST_WEEK = Week.parse("2026-W47")
THIS_WEEK = Week.parse("2026-W48")


def text_of(app, selector: str) -> str:
    """What a Static shows, as plain text (a table drawn at the screen's width)."""
    from rich.console import Console

    content = app.screen.query_one(selector).content
    if isinstance(content, str | Text):
        return str(content)
    console = Console(width=SIZE[0], color_system=None)
    with console.capture() as captured:
        console.print(content)
    return captured.get()


def table(app, name: str) -> VirtualTable:
    return app.screen.query_one(f"#review-{name}", VirtualTable)


def messages(app) -> list[str]:
    return [str(notification.message) for notification in app._notifications]


def cli_review(db: Path, week: Week, capsys: pytest.CaptureFixture[str]) -> dict:
    capsys.readouterr()
    code = run(
        ["--db", str(db), "--today", str(NOW.date()), "review", "--week", str(week), "--json"]
    )
    assert code == 0
    return json.loads(capsys.readouterr().out)


async def test_the_review_opens_on_the_week_that_ended_with_the_numbers_of_planner_review(
    demo_app, capsys
):
    app = demo_app
    expected = cli_review(app.store.path, LAST_WEEK, capsys)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.shown_week == LAST_WEEK
        assert screen.data is not None
        assert screen.data.review.to_json() == {
            **expected,
            "unfinished": screen.data.review.to_json()["unfinished"],  # touch shapes differ
        }
        assert [t["id"] for t in expected["unfinished"]] == [
            t.id for t in screen.data.review.unfinished
        ]
        line = text_of(app, "#review-prospecting")
        assert "2026-W47" in line
        assert f"{expected['prospecting_minutes']} min done" in line
        assert f"{expected['prospecting_share']:.0f} % of 600 min blocked" in line
        tally = text_of(app, "#review-tally")
        for tier, counts in expected["by_tier"].items():
            assert f"{tier}        {counts['planned']}     {counts['done']}" in tally
        for channel, counts in expected["by_channel"].items():
            if counts["planned"]:
                assert channel in tally
        goals = text_of(app, "#review-goals")
        assert "Touches done ≥ 15  7  missed 12+ weeks running" in goals
        assert "Touches done (A) ≥ 4  3  missed 3 weeks running" in goals
        assert "Prospecting share" in text_of(app, "#review-share")
        assert "Touches done" in text_of(app, "#review-tiers")
        assert "call" in text_of(app, "#review-mix")
        assert table(app, "cold").row_count == len(expected["cold"])
        assert table(app, "unfinished").row_count == len(expected["unfinished"]) == 2

        await pilot.press("left_square_bracket")
        assert app.screen.shown_week == LAST_WEEK.shift(-1)
        assert "2026-W46" in text_of(app, "#review-prospecting")
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert app.screen.shown_week == THIS_WEEK
        assert "(not over yet)" in text_of(app, "#review-prospecting")
        await pilot.press("left_square_bracket")
        assert app.screen.shown_week == LAST_WEEK


async def test_unfinished_touches_are_skipped_carried_over_or_moved_and_saved_at_once(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        await pilot.pause()
        first, second = table(app, "unfinished").keys
        assert reopen(app).touch(first).status is TouchStatus.PLANNED

        await pilot.press("s")
        assert reopen(app).touch(first).status is TouchStatus.SKIPPED
        assert "skipped" in table(app, "unfinished").render_row(first)[4].plain
        await pilot.press("o")
        assert reopen(app).touch(first).status is TouchStatus.PLANNED
        assert "carry over" in table(app, "unfinished").render_row(first)[4].plain

        await pilot.press("m")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, CarryForm)
        day = form.query_one("#field-date").value
        start = form.query_one("#field-start").value
        assert Week.of(NOW.date().fromisoformat(day)) == THIS_WEEK, "a free time ahead"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        store = reopen(app)
        assert store.touch(first).status is TouchStatus.MISSED, "it stays, missed, in its week"
        (copy,) = store.copies_of(first)
        assert copy.carried_over and copy.manual and copy.date.isoformat() == day
        assert f"{copy.start:%H:%M}" == start and copy.week == THIS_WEEK
        assert "→" in table(app, "unfinished").render_row(first)[4].plain

        # P: the coming week planned and shown; the other unfinished touch is carried over.
        await pilot.press("P")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen) and app.screen.shown_week == THIS_WEEK
        store = reopen(app)
        planned = store.week_touches(THIS_WEEK)
        assert len(planned) > 2
        assert copy.id in {touch.id for touch in planned}, "the touch moved by hand stays"
        (carried,) = store.copies_of(second)
        assert carried.week == THIS_WEEK and store.touch(second).status is TouchStatus.MISSED
        assert any("Planned" in message for message in messages(app))


async def test_p_plans_a_touch_with_a_cold_contact_in_the_coming_week(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.press("r")
        await pilot.pause()
        cold = table(app, "cold").cursor_key
        assert isinstance(cold, int)
        await pilot.press("p")
        await pilot.pause()
        (planned,) = [t for t in reopen(app).touches_of(cold) if t.is_open]
        assert planned.week == THIS_WEEK and planned.manual
        assert any("Planned a" in message for message in messages(app))
        assert f"○ W{THIS_WEEK.number}" in table(app, "cold").render_row(cold)[1].plain
        await pilot.press("T")
        await pilot.pause()
        assert isinstance(app.screen, SortScreen)


async def test_the_channel_mix_weighs_the_last_four_weeks_against_channel_goals(demo_app):
    from planner import service

    app = demo_app
    service.add_goal(app.store, metric=GoalMetric.TOUCHES_DONE, target="1", channel=Channel.CALL)
    numbers = service.weeks_in_numbers(app.store, LAST_WEEK, 4)
    met = sum(1 for week in numbers if week.done_by_channel[Channel.CALL] >= 1)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        mix = text_of(app, "#review-mix")
        counts = "".join(f"{week.done_by_channel[Channel.CALL]:>3}" for week in numbers)
        assert f"call    {counts}" in mix
        assert f"≥1 {met}/4" in mix
        assert "Touches done (call) ≥ 1" in text_of(app, "#review-goals")


async def test_s_on_the_review_shows_where_customers_come_from(demo_app):
    from planner import service
    from planner.ui.modals.sources import SourcesScreen

    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await pilot.pause()
        hint = str(app.screen.query_one("#review-sources-hint").render())
        assert "S" in hint and "customers come from" in hint
        await pilot.press("S")
        await pilot.pause()
        assert isinstance(app.screen, SourcesScreen)
        best = service.sources(app.store, today=NOW.date())[0]
        widget = app.screen.query_one("#sources-table")
        shown = "\n".join(widget.render_line(y).text for y in range(widget.size.height))
        assert best.source in shown and str(best.customers) in shown
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
