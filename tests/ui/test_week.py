"""The weekly session on the week screen: plan, check off, adjust, log, as a user would."""

from __future__ import annotations

import errno
from datetime import timedelta

from textual.widgets import Input

from planner.domain import TouchStatus
from planner.store import files as store_files
from planner.ui.modals.form import ConfirmScreen, FormScreen
from planner.ui.modals.log import LogTouchForm
from planner.ui.screens.week import WeekScreen
from planner.ui.widgets.picker import ContactPicker
from planner.ui.widgets.table import VirtualTable
from tests.ui.conftest import NOW, SIZE, reopen


def agenda(app) -> VirtualTable:
    return app.screen.query_one("#agenda", VirtualTable)


def selected(app):
    key = agenda(app).cursor_key
    assert isinstance(key, int), "the cursor is not on a touch"
    return app.store.touch(key)


async def plan(app, pilot) -> None:
    await pilot.press("p")
    if isinstance(app.screen, ConfirmScreen):
        await pilot.press("y")
    await app.workers.wait_for_complete()
    await pilot.pause()


def screen_text(app) -> str:
    table = agenda(app)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def test_plan_the_week_and_read_why(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, WeekScreen)
        assert "press p" in screen_text(app)
        await plan(app, pilot)
        saved = reopen(app).week_touches(app.this_week)
        assert len(saved) >= 20
        assert all(t.reason for t in saved), "every planned touch says why"
        text = screen_text(app)
        first = selected(app)
        assert app.store.contact(first.contact_id).name in text
        assert first.status is TouchStatus.PLANNED and first.starts_at >= NOW, (
            "the cursor starts on the next touch still to do"
        )
        assert "2026-W48" in str(app.screen.query_one("#mode-bar").render())


async def test_space_checks_off_and_the_store_has_it(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await plan(app, pilot)
        touch = selected(app)
        await pilot.press("space")
        assert reopen(app).touch(touch.id).status is TouchStatus.DONE
        await pilot.press("space")
        assert reopen(app).touch(touch.id).status is TouchStatus.PLANNED


async def test_skip_note_and_follow_up(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await plan(app, pilot)
        first = selected(app)
        await pilot.press("s")
        assert reopen(app).touch(first.id).status is TouchStatus.SKIPPED
        await pilot.press("down")
        second = selected(app)
        await pilot.press("n")
        assert isinstance(app.screen, FormScreen)
        await pilot.press(*"Wants a proposal")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert reopen(app).touch(second.id).note == "Wants a proposal"
        await pilot.press("f")
        stored = reopen(app).touch(second.id)
        assert stored.status is TouchStatus.DONE and stored.follow_up
        assert second.id in {t.id for t in reopen(app).follow_up_sources()}


async def test_a_touch_with_a_note_survives_replanning(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await plan(app, pilot)
        touch = selected(app)
        await pilot.press("n", *"Ask about the Berlin office", "ctrl+s")
        await pilot.pause()
        await plan(app, pilot)
        kept = reopen(app).touch(touch.id)
        assert kept.status is TouchStatus.PLANNED and kept.note == "Ask about the Berlin office"
        assert (kept.date, kept.start) == (touch.date, touch.start)


async def test_move_refuses_an_overlap_then_moves(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await plan(app, pilot)
        first = selected(app)
        await pilot.press("down")
        second = selected(app)
        await pilot.press("m")
        form = app.screen
        start = form.query_one("#field-start", Input)
        start.value = f"{first.start:%H:%M}"
        await pilot.press("ctrl+s")
        assert app.screen is form, "an overlapping move must be refused"
        assert "overlap" in str(form.query_one("#error-start").render()).lower()
        assert reopen(app).touch(second.id).start == second.start
        form.query_one("#field-date", Input).value = "2026-11-25"
        start.value = "10:58"
        await pilot.press("ctrl+s")
        assert app.screen is form
        assert form.query_one("#error-start").has_class("-shown")
        start.value = "25:00"
        await pilot.press("ctrl+s")
        assert "25:00" in str(form.query_one("#error-start").render())
        # The same slot a week later is free: the move is saved and the form closes.
        later = second.date + timedelta(days=7)
        form.query_one("#field-date", Input).value = later.isoformat()
        start.value = f"{second.start:%H:%M}"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is not form
        moved = reopen(app).touch(second.id)
        assert (moved.date, moved.start, moved.manual) == (later, second.start, True)
        said = [str(note.message) for note in app._notifications]
        assert any("moved to" in text and "2026-W49" in text for text in said), said


async def test_pin_survives_a_replan_that_replaces_the_rest(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await plan(app, pilot)
        pinned = selected(app)
        await pilot.press("exclamation_mark")
        await pilot.press("down", "space")
        done = selected(app)
        others = {t.id for t in reopen(app).week_touches(app.this_week)} - {pinned.id, done.id}
        await pilot.press("p")
        assert isinstance(app.screen, ConfirmScreen), "re-planning asks first"
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        after = {t.id: t for t in reopen(app).week_touches(app.this_week)}
        assert after[pinned.id].pinned and after[done.id].status is TouchStatus.DONE
        assert not others & set(after), "the unpinned planned touches were replaced"


async def test_log_an_unplanned_touch_with_a_new_contact(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("l")
        assert isinstance(app.screen, LogTouchForm)
        await pilot.press(*"Zara Quinn")
        picker = app.screen.query_one(ContactPicker)
        assert picker.options.display
        await pilot.press("up", "enter")  # the last line: a new contact
        assert picker.new_name == "Zara Quinn"
        app.screen.query_one("#field-met_at", Input).value = "Trade fair, hall B"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, WeekScreen)
        store = reopen(app)
        (zara,) = [c for c in store.contacts.values() if c.name == "Zara Quinn"]
        assert zara.met_at == "Trade fair, hall B"
        (touch,) = store.touches_of(zara.id)
        assert touch.status is TouchStatus.DONE and touch.date == NOW.date()


async def test_weeks_move_with_brackets_and_t_returns(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        bar = app.screen.query_one("#mode-bar")
        await pilot.press("right_square_bracket")
        assert "2026-W49" in str(bar.render())
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "2026-W47" in str(bar.render())
        await pilot.press("t")
        assert "2026-W48" in str(bar.render())


async def test_the_palette_runs_an_action_of_another_screen(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"Contacts: Add")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "contacts"
        assert isinstance(app.screen, FormScreen)


async def test_a_failed_write_is_shown_and_the_app_stays_up(demo_app, monkeypatch):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await plan(app, pilot)
        touch = selected(app)

        def full_disk(*args, **kwargs):
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(store_files.os, "fsync", full_disk)
        await pilot.press("space")
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert any("No space left on device" in m for m in messages)
        assert app.store.touch(touch.id).status is TouchStatus.PLANNED
        monkeypatch.undo()
        await pilot.press("space")
        assert reopen(app).touch(touch.id).status is TouchStatus.DONE


async def test_touches_of_days_gone_by_are_dimmed(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("left_square_bracket")
        await pilot.pause()
        screen = app.screen
        past = [key for key in agenda(app).keys if isinstance(key, int)]
        assert past, "the demo has touches last week"
        assert all(screen.render_row(key)[2].style == "dim" for key in past)
        await pilot.press("t")
        await plan(app, pilot)
        upcoming = [key for key in agenda(app).keys if isinstance(key, int)]
        assert upcoming and not any(screen.render_row(key)[2].style == "dim" for key in upcoming)


async def test_a_touch_checked_off_before_its_day_moves_to_today_and_says_so(demo_app):
    app = demo_app
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await plan(app, pilot)
        table = agenda(app)
        later = next(t for t in app.store.week_touches(app.this_week) if t.date > NOW.date())
        table.move_cursor_to(later.id)
        await pilot.pause()
        await pilot.press("space")
        saved = reopen(app).touch(later.id)
        assert saved.status is TouchStatus.DONE and saved.date == NOW.date()
        assert reopen(app).history(later.contact_id).last_done == NOW.date()
        said = [str(note.message) for note in app._notifications]
        assert any(f"moved from {later.date:%a %d %b} to today" in text for text in said)


async def test_when_the_week_is_over_p_says_so_and_shift_p_plans_the_next(db_path):
    from datetime import datetime

    from planner.demo import build_demo
    from planner.store import Store
    from planner.ui.app import PlannerApp

    saturday = datetime(2026, 11, 28, 9, 0)
    build_demo(Store.open(db_path), NOW.date())
    app = PlannerApp(Store.open(db_path, lock_timeout=0.5), now=saturday)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        before = reopen(app).week_touches(app.this_week)
        await pilot.press("p")
        await app.workers.wait_for_complete()
        said = [str(note.message) for note in app._notifications]
        assert any("blocked time of 2026-W48 is over" in text and "P" in text for text in said)
        assert reopen(app).week_touches(app.this_week) == before, "nothing was planned"
        await pilot.press("P")
        if isinstance(app.screen, ConfirmScreen):
            await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "2026-W49" in str(app.screen.query_one("#mode-bar").render())
        assert reopen(app).week_touches(app.this_week.shift(1)), "next week is planned"
