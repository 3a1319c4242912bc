"""The goals screen, driven by the keyboard as a user would."""

from __future__ import annotations

from textual.widgets import Input, Select

from planner import service
from planner.domain import GoalMetric, Tier, Week
from planner.ui.modals.form import ConfirmScreen, FormScreen
from planner.ui.modals.goal import GoalForm
from planner.ui.screens.goals import HISTORY_WEEKS, GoalsScreen
from planner.ui.widgets.charts import SPARK_LEVELS
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import SIZE, reopen


def table(app) -> VirtualTable:
    return app.screen.query_one("#goals-table", VirtualTable)


def row_text(app, key) -> str:
    """The goal's row as the user reads it."""
    table_ = table(app)
    index = list(table_.keys).index(key)
    return table_.render_line(index + 1).text


def error(app, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}").render())


def bar_text(app) -> str:
    return str(app.screen.query_one("#mode-bar").render())


async def open_form(pilot, key: str = "a") -> GoalForm:
    await pilot.press("g", key)
    form = pilot.app.screen
    assert isinstance(form, GoalForm)
    return form


async def test_empty_screen_says_what_to_do(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        assert isinstance(app.screen, GoalsScreen)
        assert "press a" in table(app).render_line(1).text
        help_text = str(app.screen.query_one("#goal-detail").render())
        assert "40 % of blocked time" in help_text and "Press a" in help_text


async def test_add_a_goal_refuses_nonsense_next_to_the_field_then_saves(app):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#field-metric", Select).value == "prospecting_share"
        assert not form.query_one("#group-tier").display, "a share has no tier"
        target = form.query_one("#field-target", Input)

        await pilot.press("ctrl+s")
        assert app.screen is form and "Target is required" in error(app, "target")

        target.value = "-5"
        await pilot.press("ctrl+s")
        assert app.screen is form, "a negative target must be refused"
        assert "cannot be negative" in error(app, "target")
        assert reopen(app).goals == {}

        target.value = "140"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert "from 0 to 100" in error(app, "target") and "140" in error(app, "target")
        assert reopen(app).goals == {}

        target.value = "lots"
        await pilot.press("ctrl+s")
        assert "not a number" in error(app, "target")

        target.value = "45"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, GoalsScreen)
        (goal,) = reopen(app).goals.values()
        assert (goal.metric, goal.target, goal.tier) == (GoalMetric.PROSPECTING_SHARE, 45, None)
        assert "Prospecting share of blocked time" in row_text(app, goal.id)
        assert "≥ 45 %" in row_text(app, goal.id)


async def test_the_tier_is_offered_only_for_touches_done(app):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        metric = form.query_one("#field-metric", Select)
        metric.value = "touches_done"
        await pilot.pause()
        assert form.query_one("#group-tier").display
        assert "whole number" in str(form.query_one("#group-target .field-hint").render())
        form.query_one("#field-tier", Select).value = "A"
        target = form.query_one("#field-target", Input)
        target.value = "2.5"
        await pilot.press("ctrl+s")
        assert app.screen is form and "whole numbers" in error(app, "target")
        target.value = "5"
        await pilot.press("ctrl+s")
        await pilot.pause()
        (goal,) = reopen(app).goals.values()
        assert (goal.metric, goal.target, goal.tier) == (GoalMetric.TOUCHES_DONE, 5, Tier.A)
        assert "Touches done, tier A" in row_text(app, goal.id)

        await pilot.press("e")
        form = app.screen
        assert isinstance(form, GoalForm)
        assert form.query_one("#field-tier", Select).value == "A"
        form.query_one("#field-metric", Select).value = "referral_asks"
        await pilot.pause()
        assert not form.query_one("#group-tier").display
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = reopen(app).goal(goal.id)
        assert (edited.metric, edited.tier) == (GoalMetric.REFERRAL_ASKS, None)


async def test_edit_keeps_what_was_typed_after_an_error(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        goal = app.store.goal(table(app).cursor_key)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, GoalForm)
        target = form.query_one("#field-target", Input)
        assert target.value == f"{goal.target:g}"
        target.value = "101"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert reopen(app).goal(goal.id).target == goal.target
        assert target.value == "101"
        target.value = "35"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert reopen(app).goal(goal.id).target == 35
        assert "≥ 35 %" in row_text(app, goal.id)


async def test_delete_asks_first(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "down")
        goal_id = table(app).cursor_key
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert goal_id in reopen(app).goals
        await pilot.press("d", "y")
        await pilot.pause()
        assert goal_id not in reopen(app).goals
        assert goal_id not in table(app).keys


async def test_progress_and_sparkline_match_the_store(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g")
        store = reopen(app)
        week = app.this_week
        weeks = [week.shift(offset - HISTORY_WEEKS + 1) for offset in range(HISTORY_WEEKS)]
        goals = sorted(store.goals.values(), key=lambda goal: goal.id)
        assert list(table(app).keys) == [goal.id for goal in goals]
        some_met = False
        for goal in goals:
            text = row_text(app, goal.id)
            now = service.goal_progress(store, goal, week)
            assert now.text in text
            assert ("✓ met" in text) == now.met
            history = [service.goal_progress(store, goal, each) for each in weeks]
            met = sum(1 for each in history if each.met)
            some_met = some_met or met > 0
            assert f"met {met} of {HISTORY_WEEKS}" in text
            spark = text.split("  met ")[0][-HISTORY_WEEKS:]
            assert all(char in SPARK_LEVELS for char in spark), text
            for char, each in zip(spark, history, strict=True):
                if each.met:
                    assert char == SPARK_LEVELS[-1]
                elif each.value == 0:
                    assert char == SPARK_LEVELS[0]
                else:
                    assert SPARK_LEVELS[0] < char < SPARK_LEVELS[-1]
        assert some_met, "the demo should have met some goals in some weeks"

        first = goals[0]
        detail = str(app.screen.query_one("#goal-detail").render())
        for each in weeks:
            progress = service.goal_progress(store, first, each)
            shown = f"{progress.value:.0f} %" if first.metric.is_share else f"{progress.value:g}"
            assert f"W{each.number:02d} {shown}" in detail


async def test_brackets_show_other_weeks_and_t_comes_back(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("g", "left_square_bracket", "left_square_bracket")
        assert "2026-W46" in bar_text(app)
        week = Week.parse("2026-W46")
        store = reopen(app)
        for goal in store.goals.values():
            progress = service.goal_progress(store, goal, week)
            text = row_text(app, goal.id)
            assert progress.text in text
            assert ("✓ met" if progress.met else "✗ missed") in text, "a past week is over"
        await pilot.press("right_square_bracket")
        assert "2026-W47" in bar_text(app)
        await pilot.press("t")
        assert "2026-W48" in bar_text(app) and "this week" in bar_text(app)


async def test_the_palette_reaches_the_goal_actions(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Goals: Add")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "goals"
        assert isinstance(app.screen, FormScreen)
