"""How each screen looks on the demo network at 120x36, and at 80x24, the size many terminals
open at (regenerate on purpose only: `pytest tests/ui/test_snapshots.py --snapshot-update`).
Blinking cursors are turned off before each picture, so that it never catches one half-way."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.widgets import Input, TextArea

from planner import service
from tests.calendars.ics import calendar, event
from tests.ui.conftest import SIZE, make_app

SMALL = (80, 24)


async def still(pilot) -> None:
    """Stop every cursor on the screen (and the screens under it) blinking."""
    for screen in pilot.app.screen_stack:
        for widget in screen.query("Input, TextArea"):
            assert isinstance(widget, Input | TextArea)
            widget.cursor_blink = False
    await pilot.pause()


def pressing(*keys: str, then: Callable[..., Awaitable[None]] | None = None):
    """Press `keys` (then run `then`), with every cursor still for the picture."""

    async def run_before(pilot) -> None:
        if keys:
            await pilot.press(*keys)
        if then is not None:
            await then(pilot)
        await still(pilot)

    return run_before


async def planned(pilot) -> None:
    await pilot.press("p")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await still(pilot)


def test_week_screen_before_planning(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing())


def test_week_screen_planned(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=planned)


#: Two meetings in the demo week: one cuts Monday's prospecting block, one Tuesday's lunch.
MEETINGS = calendar(
    event("demo", "DTSTART:20261123T093000", "DTEND:20261123T100000", summary="Customer demo"),
    event("board", "DTSTART:20261124T120000", "DTEND:20261124T123000", summary="Board call"),
)


async def planned_around_meetings(pilot) -> None:
    await pilot.app.workers.wait_for_complete()  # the calendar read in the background
    await pilot.pause()
    await planned(pilot)


def test_week_screen_with_busy_time(snap_compare, db_path: Path, tmp_path: Path):
    app = make_app(db_path, demo=True)
    path = tmp_path / "work.ics"
    path.write_bytes(MEETINGS)
    service.add_calendar(app.store, "work", ics=str(path))
    assert snap_compare(app, terminal_size=SIZE, run_before=planned_around_meetings)


def test_keys_of_the_week_screen(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("question_mark")
    )


def test_contacts_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("c"))


def test_contacts_screen_filtered(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("c", "slash", *"ana")
    )


def test_contact_form_with_an_error(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("c", "a", "ctrl+s")
    )


def test_goals_screen(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("g", "down")
    )


def test_goal_form_refuses_a_share_above_100(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SIZE,
        run_before=pressing("g", "a", "tab", *"140", "ctrl+s"),
    )


def test_blocks_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing("b"))


async def overlapping_block(pilot) -> None:
    await pilot.press("b", "a")
    form = pilot.app.screen
    form.query_one("#field-start").value = "10:00"
    form.query_one("#field-end").value = "12:00"
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_block_form_names_the_clash(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SIZE,
        run_before=pressing(then=overlapping_block),
    )


async def heat_map(pilot) -> None:
    await pilot.press("h")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_heatmap_screen(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=pressing(then=heat_map)
    )


async def heat_map_filtered(pilot) -> None:
    await heat_map(pilot)
    await pilot.press("1", "R", "plus")


def test_heatmap_screen_filtered(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SIZE,
        run_before=pressing(then=heat_map_filtered),
    )


# ---------------------------------------------------------------- 80x24


def test_week_screen_before_planning_80x24(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing())


def test_week_screen_planned_80x24(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SMALL, run_before=planned)


async def next_week_planned(pilot) -> None:
    await pilot.press("right_square_bracket")
    await planned(pilot)


def test_next_week_planned_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=next_week_planned
    )


def test_keys_of_the_week_screen_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("question_mark")
    )


async def card_of_a_touch(pilot) -> None:
    await planned(pilot)
    await pilot.press("enter")


def test_contact_card_of_a_touch_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing(then=card_of_a_touch)
    )


def test_contacts_screen_80x24(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("c"))


def test_contacts_screen_filtered_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("c", "slash", *"ana")
    )


def test_contact_form_with_an_error_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("c", "a", "ctrl+s")
    )


def test_goals_screen_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("g", "down")
    )


def test_goal_form_refuses_a_share_above_100_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SMALL,
        run_before=pressing("g", "a", "tab", *"140", "ctrl+s"),
    )


def test_blocks_screen_80x24(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing("b"))


def test_block_form_names_the_clash_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SMALL,
        run_before=pressing(then=overlapping_block),
    )


def test_heatmap_screen_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SMALL, run_before=pressing(then=heat_map)
    )


def test_heatmap_screen_filtered_80x24(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SMALL,
        run_before=pressing(then=heat_map_filtered),
    )


async def reviewed(pilot) -> None:
    await pilot.press("r")
    await pilot.pause()


def test_review_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=reviewed)


def test_review_screen_at_80x24(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=(80, 24), run_before=reviewed)


def with_contacts_to_sort(db_path: Path):
    from planner import service
    from tests.ui.conftest import NOW
    from tests.ui.test_sorting import PEOPLE, linkedin

    app = make_app(db_path, demo=True)
    service.import_contacts(app.store, linkedin(PEOPLE), today=NOW.date())
    return app


def test_sorting_screen(snap_compare, db_path: Path):
    assert snap_compare(with_contacts_to_sort(db_path), terminal_size=SIZE, press=["c", "T", "c"])


def test_first_session_checklist(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path), terminal_size=SIZE)
