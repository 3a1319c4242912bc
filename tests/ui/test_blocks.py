"""The time blocks screen, driven by the keyboard as a user would."""

from __future__ import annotations

from datetime import date, time

from textual.widgets import Input, Select

from planner import service
from planner.domain import BlockKind, Weekday
from planner.ui.modals.block import BlockForm
from planner.ui.modals.form import ConfirmScreen, FormScreen
from planner.ui.screens.blocks import BlocksScreen, minutes_to_reach
from planner.ui.widgets.blockgrid import BlockGrid
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import SIZE, reopen


def table(app) -> VirtualTable:
    return app.screen.query_one("#blocks-list", VirtualTable)


def list_text(app) -> str:
    table_ = table(app)
    return "\n".join(table_.render_line(y).text for y in range(table_.size.height))


def grid_text(app) -> str:
    return app.screen.query_one(BlockGrid).render().plain


def summary(app) -> str:
    return str(app.screen.query_one("#blocks-summary").render())


def error(app, name: str) -> str:
    return str(app.screen.query_one(f"#error-{name}").render())


async def open_form(pilot, key: str = "a") -> BlockForm:
    await pilot.press("b", key)
    form = pilot.app.screen
    assert isinstance(form, BlockForm)
    return form


def fill(form: BlockForm, **values: str) -> None:
    for name, value in values.items():
        widget = form.query_one(f"#field-{name}")
        if isinstance(widget, Select):
            widget.value = value
        else:
            assert isinstance(widget, Input)
            widget.value = value


async def test_empty_screen_says_what_to_do(app):
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert isinstance(app.screen, BlocksScreen)
        assert "press a" in list_text(app)
        assert "Nothing blocked in 2026-W48" in summary(app)


async def test_add_a_weekly_block_end_before_start_refused_then_fixed(app):
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#field-day", Select).value == "mon", "today is a Monday"
        assert not form.query_one("#group-date").display, "a weekly block has no date"
        await pilot.press("ctrl+s")
        assert app.screen is form and "Start is required" in error(app, "start")

        fill(form, kind="networking", day="fri", start="11:00", end="10:00", label="Coffee")
        await pilot.pause()
        await pilot.press("ctrl+s")
        assert app.screen is form, "an end before the start must be refused"
        assert "End 10:00 must be after start 11:00" in error(app, "end")
        assert reopen(app).blocks == {}

        fill(form, end="25:00")
        await pilot.press("ctrl+s")
        assert "'25:00' is not a time of day" in error(app, "end")

        fill(form, end="12:30")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, BlocksScreen)
        (block,) = reopen(app).blocks.values()
        assert (block.kind, block.day, block.start, block.end, block.label) == (
            BlockKind.NETWORKING,
            Weekday.FRI,
            time(11),
            time(12, 30),
            "Coffee",
        )
        assert block.id == table(app).cursor_key
        assert "11:00–12:30" in list_text(app) and "Friday 27 Nov" in list_text(app)
        assert "Network" in grid_text(app) and "11–12:30" in grid_text(app)
        assert "Blocked 1 h 30 min in 2026-W48" in summary(app)


async def test_an_overlap_is_refused_with_the_clash_named(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        before = dict(reopen(app).blocks)
        form = await open_form(pilot)
        fill(form, kind="prospecting", day="mon", start="10:00", end="12:00")
        await pilot.press("ctrl+s")
        assert app.screen is form
        message = error(app, "start")
        assert "overlaps block 1" in message
        assert "prospecting Mon 09:00–11:00" in message
        assert "Calls before the week fills up" in message
        assert reopen(app).blocks == before
        fill(form, start="11:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(reopen(app).blocks) == len(before) + 1


async def test_a_one_off_block_on_a_date(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        form = await open_form(pilot)
        fill(form, day="once")
        await pilot.pause()
        assert form.query_one("#group-date").display
        assert form.query_one("#field-date", Input).value == "2026-11-23"
        fill(form, kind="networking", date="2026-02-30", start="18:00", end="20:00")
        await pilot.press("ctrl+s")
        assert app.screen is form and "does not exist" in error(app, "date")
        fill(form, date="2026-11-26", label="Chamber mixer")
        await pilot.press("ctrl+s")
        await pilot.pause()
        (block,) = [b for b in reopen(app).blocks.values() if b.date is not None]
        assert (block.date, block.day, block.label) == (date(2026, 11, 26), None, "Chamber mixer")
        assert "once · Chamber mixer" in list_text(app)
        assert "◆18–20" in grid_text(app)

        await pilot.press("right_square_bracket")
        assert "Chamber mixer" not in list_text(app), "a one-off is only in its own week"
        assert "1 one-off block falls in other weeks" in summary(app)
        await pilot.press("t")
        assert "Chamber mixer" in list_text(app)


async def test_edit_a_block_then_turn_it_into_a_one_off(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        block_id = table(app).cursor_key
        block = app.store.block(block_id)
        await pilot.press("e")
        form = app.screen
        assert isinstance(form, BlockForm)
        assert form.query_one("#field-start", Input).value == f"{block.start:%H:%M}"
        fill(form, end="11:45", label="[bold]Calls[/]")
        await pilot.press("ctrl+s")
        await pilot.pause()
        edited = reopen(app).block(block_id)
        assert (edited.end, edited.label, edited.day) == (time(11, 45), "[bold]Calls[/]", block.day)
        assert "[bold]Calls[/]" in list_text(app), "a label is shown as typed, not as markup"

        await pilot.press("e")
        fill(app.screen, day="once", date="2026-12-02")  # a Wednesday: clashes with block 3
        await pilot.press("ctrl+s")
        assert isinstance(app.screen, BlockForm) and "overlaps block 3" in error(app, "start")
        fill(app.screen, date="2026-12-05")
        await pilot.press("ctrl+s")
        await pilot.pause()
        moved = reopen(app).block(block_id)
        assert (moved.day, moved.date) == (None, date(2026, 12, 5))
        assert "2026-W49" in str(app.screen.query_one("#mode-bar").render()), (
            "the screen follows a one-off to its week"
        )


async def test_delete_asks_first(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        block_id = table(app).cursor_key
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert block_id in reopen(app).blocks
        await pilot.press("d", "y")
        await pilot.pause()
        assert block_id not in reopen(app).blocks
        assert block_id not in table(app).keys


async def test_totals_and_a_prospecting_share_that_falls_short(app):
    store = app.store
    service.add_block(store, kind="networking", day="tue", start="12:00", end="15:00")
    service.add_block(store, kind="prospecting", day="mon", start="09:00", end="10:00")
    service.add_goal(store, metric="prospecting_share", target="40")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        text = summary(app)
        assert "Blocked 4 h in 2026-W48: prospecting 1 h · networking 3 h" in text
        assert "only 25 % of blocked time, short of the 40 % goal" in text
        # (60 + x) / (240 + x) >= 0.4  ->  x >= 60 minutes
        assert "Block 1 h more prospecting time" in text

        service.add_block(store, kind="prospecting", day="wed", start="09:00", end="10:00")
        app.changed()
        await pilot.pause()
        assert "40 % of blocked time; the goal is at least 40 %" in summary(app)


def test_minutes_to_reach_a_share():
    assert minutes_to_reach(40, 60, 240) == 60
    assert minutes_to_reach(50, 100, 300) == 105  # exactly 100, rounded up to a quarter hour
    assert minutes_to_reach(40, 200, 300) == 0
    assert minutes_to_reach(100, 60, 120) is None


async def test_the_palette_reaches_the_block_actions(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Time blocks: Add")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "blocks"
        assert isinstance(app.screen, FormScreen)
