"""Every key of every screen, pressed on the demo network: nothing may crash the app."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from planner.ui.app import PlannerApp
from planner.ui.screens.base import PlannerScreen
from tests.ui.conftest import SIZE, make_app

SKIPPED = {"quit"}


def keys_of(mode: str) -> list[str]:
    screen = PlannerApp.MODES[mode]
    keys = []
    for item in getattr(screen, "BINDINGS", []):
        binding = item if isinstance(item, Binding) else Binding(*item)
        if binding.action.split("(")[0] not in SKIPPED:
            keys.append(binding.key.split(",")[0])
    return keys


@pytest.mark.parametrize("mode", list(PlannerApp.MODES))
async def test_every_key_of_a_screen_leaves_the_app_running(mode, db_path):
    app = make_app(db_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")  # a planned week, so the week's keys have touches to act on
        await app.workers.wait_for_complete()
        await pilot.press(mode[0])
        await pilot.pause()
        for key in keys_of(mode):
            await pilot.press(key)
            await app.workers.wait_for_complete()
            await pilot.pause()
            # Close whatever the key opened (a form, a confirmation, a card) without saving.
            for _ in range(3):
                if isinstance(app.screen, PlannerScreen):
                    break
                await pilot.press("escape")
                await pilot.pause()
            assert app.is_running, f"{mode}: the app stopped after {key!r}"
            assert isinstance(app.screen, PlannerScreen), f"{mode}: {key!r} left a dialog open"
            if app.current_mode != mode:
                await pilot.press(mode[0])
                await pilot.pause()


@pytest.mark.parametrize("mode", list(PlannerApp.MODES))
async def test_question_mark_lists_every_key_of_the_screen_and_scrolls(mode, db_path):
    from textual.containers import VerticalScroll

    from planner.ui.modals.keys import KeysScreen

    app = make_app(db_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(mode[0], "question_mark")
        await pilot.pause()
        assert isinstance(app.screen, KeysScreen)
        listed = "\n".join(f"{keys} {what}" for _, rows in app.screen.groups for keys, what in rows)
        for binding in PlannerApp.MODES[mode].BINDINGS:
            assert isinstance(binding, Binding)
            assert binding.description in listed, f"{mode}: {binding.key} is not listed"
        assert "Heat map" in listed and "Quit" in listed
        scroller = app.screen.query_one("#keys-list", VerticalScroll)
        for _ in range(40):
            await pilot.press("down")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y, "the list scrolls to its end by keys"
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, PlannerScreen) and app.current_mode == mode


async def test_the_palette_keys_command_opens_the_list_of_keys(db_path):
    from planner.ui.modals.keys import KeysScreen

    app = make_app(db_path, demo=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c", "ctrl+p", *"Keys")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert isinstance(app.screen, KeysScreen)
        assert app.screen.title_text == "Contacts"
