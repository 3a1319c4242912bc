"""How each screen looks on the demo network at 120x36 (regenerate on purpose only:
`pytest tests/ui/test_snapshots.py --snapshot-update`)."""

from __future__ import annotations

from pathlib import Path

from planner import service
from tests.calendars.ics import calendar, event
from tests.ui.conftest import SIZE, make_app


async def planned(pilot) -> None:
    await pilot.press("p")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    pilot.app.clear_notifications()
    await pilot.pause()


def test_week_screen_before_planning(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE)


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
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, press=["question_mark"])


def test_contacts_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, press=["c"])


def test_contacts_screen_filtered(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, press=["c", "slash", *"ana"]
    )


def test_contact_form_with_an_error(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, press=["c", "a", "ctrl+s"]
    )


def test_goals_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, press=["g", "down"])


def test_goal_form_refuses_a_share_above_100(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True),
        terminal_size=SIZE,
        press=["g", "a", "tab", *"140", "ctrl+s"],
    )


def test_blocks_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, press=["b"])


async def overlapping_block(pilot) -> None:
    await pilot.press("b", "a")
    form = pilot.app.screen
    form.query_one("#field-start").value = "10:00"
    form.query_one("#field-end").value = "12:00"
    await pilot.press("ctrl+s")
    await pilot.pause()


def test_block_form_names_the_clash(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=overlapping_block
    )


async def heat_map(pilot) -> None:
    await pilot.press("h")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_heatmap_screen(snap_compare, db_path: Path):
    assert snap_compare(make_app(db_path, demo=True), terminal_size=SIZE, run_before=heat_map)


async def heat_map_filtered(pilot) -> None:
    await heat_map(pilot)
    await pilot.press("1", "r", "plus")


def test_heatmap_screen_filtered(snap_compare, db_path: Path):
    assert snap_compare(
        make_app(db_path, demo=True), terminal_size=SIZE, run_before=heat_map_filtered
    )
