"""An 80x24 terminal, the size many terminals open at: every screen still says which week (or
what) it shows, the footer still leads to every key, and the tables keep what matters."""

from __future__ import annotations

import pytest

from planner.domain.weeks import Week
from planner.store import Store
from planner.ui.app import PlannerApp
from planner.ui.modals.keys import KeysScreen
from planner.ui.screens.base import PlannerScreen
from planner.ui.widgets.table import Column, VirtualTable
from tests.ui.conftest import NOW, make_app

SMALL = (80, 24)
THIS_WEEK = "2026-W48 · 23–29 Nov 2026 · this week"


def shown(app) -> list[str]:
    """The terminal's lines as the user sees them."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


async def open_screen(app, pilot, key: str) -> list[str]:
    await pilot.press(key)
    await app.workers.wait_for_complete()  # the heat map is worked out in a worker
    await pilot.pause()
    return shown(app)


async def plan(app, pilot) -> None:
    await pilot.press("p")
    await app.workers.wait_for_complete()
    await pilot.pause()
    app.clear_notifications()
    await pilot.pause()


@pytest.mark.parametrize(
    ("key", "name", "title"),
    [
        ("w", "Week", THIS_WEEK),
        ("c", "Contacts", "80 shown"),
        ("g", "Goals", THIS_WEEK),
        ("b", "Blocks", THIS_WEEK),
        ("h", "Heat map", "12 weeks · 2026-W37 to 2026-W48"),
    ],
)
async def test_every_screen_says_what_it_shows_at_80x24(db_path, key, name, title):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_screen(app, pilot, key)
        top = lines[0]
        assert title in top, f"the title is cut: {top!r}"
        assert name in top, "the mode bar names the screen shown"
        for other in "wcgbh":
            assert f" {other} " in top, f"the key {other} is still on the mode bar"
        footer = lines[-1]
        assert "? Keys" in footer, f"the footer leads to every key: {footer!r}"


@pytest.mark.parametrize("key", ["w", "g", "b"])
async def test_the_week_moved_to_is_named_at_80x24(db_path, key):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await open_screen(app, pilot, key)
        await pilot.press("right_square_bracket")
        assert "2026-W49 · 30 Nov – 6 Dec 2026" in shown(app)[0]
        await pilot.press("left_square_bracket", "left_square_bracket")
        assert "2026-W47 · 16–22 Nov 2026" in shown(app)[0]
        await pilot.press("t")
        assert THIS_WEEK in shown(app)[0]


async def test_the_widest_screen_keeps_every_name_on_the_mode_bar(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=(120, 36)) as pilot:
        top = (await open_screen(app, pilot, "w"))[0]
        assert top.startswith(" planner ")
        for label in ("Week", "Contacts", "Goals", "Blocks", "Heat map", "Review"):
            assert label in top
        assert "2026-W48 · 23–29 Nov 2026 · this week" in top.replace("  ·  ", " · ")
        assert "q Quit" in shown(app)[-1] and "^p palette" in shown(app)[-1]


async def test_a_title_that_does_not_fit_beside_the_keys_gets_its_own_line(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=(50, 24)) as pilot:
        lines = await open_screen(app, pilot, "w")
        assert "Week" in lines[0] and "2026-W48" not in lines[0]
        assert lines[1].strip() == THIS_WEEK
        assert "Prospecting" in lines[2], "the goal strip moves down a line, nothing hides it"
        await pilot.resize_terminal(120, 36)
        await pilot.pause()
        lines = shown(app)
        assert THIS_WEEK in lines[0].replace("  ·  ", " · ")
        assert "Prospecting" in lines[1], "back to one line on a wide terminal"


async def test_a_read_only_database_says_so_at_80x24(db_path):
    make_app(db_path, demo=True)
    app = PlannerApp(Store.open(db_path, read_only="another planner has it open"), now=NOW)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_screen(app, pilot, "w")
        text = " ".join(lines[:2])
        assert "read-only" in text and THIS_WEEK in text


async def test_the_agenda_keeps_time_who_purpose_status_and_why_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await plan(app, pilot)
        table = app.screen.query_one("#agenda", VirtualTable)
        header = shown(app)[2]
        for label in ("Time", "Contact", "Purpose", "Status", "Why"):
            assert label in header, f"{label} is missing from {header!r}"
        touch = app.store.touch(table.cursor_key)
        contact = app.store.contact(touch.contact_id)
        row = next(line for line in shown(app) if line.startswith(f"{touch.start:%H:%M}–"))
        assert contact.name in row
        assert touch.purpose.label in row
        assert "carried" in row or "planned" in row
        assert touch.reason[:12] in row, f"the reason begins in the row: {row!r}"


async def test_the_week_footer_keeps_its_week_keys_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        footer = (await open_screen(app, pilot, "w"))[-1]
        assert "[] Week" in footer and "? Keys" in footer
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen), "? opens every key of the screen"


async def test_the_contacts_table_keeps_whole_names_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_screen(app, pilot, "c")
        assert "Daniel Lindqvist" in "\n".join(lines)
        header = lines[2]
        for label in ("Name", "Company", "Tier", "Due", "Warmth"):
            assert label in header


async def test_the_heat_map_names_every_week_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_screen(app, pilot, "h")
        header = next(line for line in lines if line.startswith("Contact"))
        weeks = [Week.of(NOW.date()).shift(-offset).number for offset in range(12)]
        assert all(f"{number:02d}" in header.split() for number in weeks), header
        assert "▒ 1" in lines[2], "the legend of the shades stays"
        status = lines[-2]
        assert "days overdue" in status or "due " in status, status


async def test_the_block_grid_shows_the_whole_week_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        lines = await open_screen(app, pilot, "b")
        days = lines[1]
        for heading in ("Mo 23", "Tu 24", "We 25", "Th 26", "Fr 27", "Sa 28", "Su 29"):
            assert heading in days, f"{heading} is missing from {days!r}"
        text = " ".join(" ".join(lines).split())
        assert "“Calls before the week fills up”" in text, "the selected block's label is said"
        # The last block, late on Friday, is scrolled into view when it is selected.
        assert "Admin" not in text
        await pilot.press("end")
        await pilot.pause()
        assert "Admin" in "\n".join(shown(app))


async def test_no_key_is_cut_in_half_in_the_footer_at_80x24(db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        for key in "wcgbh":
            lines = await open_screen(app, pilot, key)
            assert isinstance(app.screen, PlannerScreen)
            footer = lines[-1]
            assert footer.split()[-1] in ("Keys", "palette"), f"a key is cut: {footer!r}"


def test_columns_narrow_then_go_in_their_order():
    table = VirtualTable(
        [
            Column("when", "When", 10),
            Column("who", "Who", 20, shrink_to=12),
            Column("extra", "Extra", 8, drop=1),
            Column("why", "Why", 0, min_width=10, drop=2),
        ],
        lambda key: [],
    )
    assert table.column_widths(60) == [10, 20, 8, 19]
    assert table.column_widths(52) == [10, 20, 8, 11], "the flexible column takes what is left"
    assert table.column_widths(45) == [10, 14, 8, 10], "a column narrows before any goes"
    assert table.column_widths(40) == [10, 18, 0, 10], "then the first to go goes"
    assert table.column_widths(30) == [10, 19, 0, 0]
    assert table.column_widths(20) == [10, 12, 0, 0], "never narrower than allowed"


def test_a_long_label_runs_on_over_an_unlabelled_column_or_says_less():
    table = VirtualTable(
        [
            Column("spark", "Last 8 weeks", 9, short_label="8 weeks"),
            Column("met", "", 12, drop=1),
        ],
        lambda key: [],
    )
    assert table._header(table.column_widths(22)).plain.rstrip() == "Last 8 weeks"
    assert table._header(table.column_widths(12)).plain.rstrip() == "8 weeks"


async def test_an_import_says_what_it_did_where_it_can_be_read_at_80x24(db_path, tmp_path):
    """The form is taller than 24 rows: its report, below the fold, scrolls into view."""
    cards = tmp_path / "phone.vcf"
    cards.write_text("BEGIN:VCARD\nVERSION:3.0\nFN:Ana Lindqvist\nEND:VCARD\n")
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c", "i")
        await pilot.pause()
        assert "Import  ctrl+s" in "\n".join(shown(app)), "the button says what it does"
        app.screen.query_one("#field-path").value = str(cards)
        await pilot.press("ctrl+s")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        text = "\n".join(shown(app))
        assert "Added 1, merged 0, unchanged 0 and skipped 0 of the 1 card read" in text
        assert "Saved. Escape closes." in text
