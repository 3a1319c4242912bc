"""The one question before a prospecting coffee, meeting or event counts as prospecting:
asked on checking off (space, f) and on logging; y, n or escape answer it."""

from __future__ import annotations

from datetime import time

from textual.widgets import Select

from planner import service
from planner.domain import BlockKind, Channel, Purpose, TouchStatus
from planner.domain.model import Touch
from planner.domain.rules import NOT_STATED_NOTE
from planner.ui.modals.log import LogTouchForm
from planner.ui.modals.stated import StatedScreen
from planner.ui.screens.week import WeekScreen
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import NOW, SIZE, reopen

TODAY = NOW.date()


def coffee_planned(app) -> Touch:
    """Ana, a prospect, and a prospecting coffee with her at noon today, in a block."""
    store = app.store
    ana = service.add_contact(store, today=TODAY, name="Ana Müller")
    service.add_block(store, kind=BlockKind.PROSPECTING, day="mon", start="11:00", end="14:00")
    with store.transaction() as tx:
        return tx.put_touch(
            Touch(
                id=tx.new_touch_id(),
                contact_id=ana.id,
                purpose=Purpose.PROSPECTING,
                channel=Channel.COFFEE,
                date=TODAY,
                start=time(12, 0),
                end=time(13, 0),
            )
        )


def saved(app, touch: Touch) -> Touch:
    return reopen(app).touch(touch.id)


async def test_space_asks_and_no_records_networking_with_a_note(app):
    touch = coffee_planned(app)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        assert app.screen.query_one("#agenda", VirtualTable).cursor_key == touch.id
        await pilot.press("space")
        assert isinstance(app.screen, StatedScreen)
        assert "Did Ana Müller know this coffee was about prospecting?" in str(
            app.screen.query_one(".form-title").render()
        )
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        after = saved(app, touch)
        assert (after.status, after.purpose, after.note) == (
            TouchStatus.DONE,
            Purpose.NETWORKING,
            NOT_STATED_NOTE,
        )
        # Back to planned: no question, and it is prospecting again.
        await pilot.press("space")
        await pilot.pause()
        assert not isinstance(app.screen, StatedScreen)
        again = saved(app, touch)
        assert (again.status, again.purpose, again.note) == (
            TouchStatus.PLANNED,
            Purpose.PROSPECTING,
            "",
        )


async def test_yes_keeps_it_prospecting_and_escape_saves_nothing(app):
    touch = coffee_planned(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("space")
        assert isinstance(app.screen, StatedScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        assert saved(app, touch).status is TouchStatus.PLANNED, "escape saved nothing"
        await pilot.press("space", "y")
        await pilot.pause()
        after = saved(app, touch)
        assert (after.status, after.purpose) == (TouchStatus.DONE, Purpose.PROSPECTING)


async def test_f_asks_too_and_plans_the_follow_up(app):
    touch = coffee_planned(app)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f")
        assert isinstance(app.screen, StatedScreen)
        await pilot.press("n")
        await pilot.pause()
        after = saved(app, touch)
        assert after.status is TouchStatus.DONE and after.follow_up
        assert after.purpose is Purpose.NETWORKING


async def test_logging_a_prospecting_coffee_asks_before_saving(app):
    ana = service.add_contact(app.store, today=TODAY, name="Ana Müller")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "l")
        form = app.screen
        assert isinstance(form, LogTouchForm)
        form.query_one("#field-channel", Select).value = Channel.COFFEE.value
        form.query_one("#field-purpose", Select).value = Purpose.PROSPECTING.value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, StatedScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is form, "escape keeps the form, nothing saved"
        assert reopen(app).touch_count == 0
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert not isinstance(app.screen, LogTouchForm | StatedScreen)
        (logged,) = reopen(app).touches_of(ana.id)
        assert (logged.channel, logged.purpose) == (Channel.COFFEE, Purpose.PROSPECTING)


async def test_logging_a_prospecting_call_asks_nothing(app):
    ana = service.add_contact(app.store, today=TODAY, name="Ana Müller")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "l")
        form = app.screen
        form.query_one("#field-purpose", Select).value = Purpose.PROSPECTING.value
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, StatedScreen | LogTouchForm)
        (logged,) = reopen(app).touches_of(ana.id)
        assert (logged.channel, logged.purpose) == (Channel.CALL, Purpose.PROSPECTING)
