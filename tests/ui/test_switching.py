"""Switching screens: a screen shown for the first time keeps the stylesheet parsed before (it
is not parsed again for each) and still follows a change of theme; the heat map shown right
after a change leaves the cycle collector on once it is drawn."""

from __future__ import annotations

import gc

from textual.css.stylesheet import Stylesheet

from tests.ui.conftest import SIZE


async def test_a_first_visit_does_not_parse_the_stylesheet_again(demo_app, monkeypatch):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        parses = []
        real = Stylesheet.reparse
        monkeypatch.setattr(Stylesheet, "reparse", lambda self: (parses.append(1), real(self))[1])
        for key in "hcgb":
            await pilot.press(key)
            await pilot.pause()
        assert demo_app.current_mode == "blocks"
        assert parses == [], "no screen parsed the whole stylesheet again"


async def test_a_new_theme_reaches_every_screen(demo_app):
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        dark = demo_app.screen.styles.background
        await pilot.press("w")
        demo_app.theme = "textual-light"
        await pilot.pause()
        await pilot.press("h")  # shown before the change
        await pilot.pause()
        light = demo_app.screen.styles.background
        assert light != dark and light.brightness > dark.brightness
        await pilot.press("g")  # shown for the first time after it
        await pilot.pause()
        assert demo_app.screen.styles.background == light


async def test_the_collector_is_on_again_once_the_heat_map_is_drawn(demo_app):
    assert gc.isenabled()
    async with demo_app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("space")  # a check-off: the heat map is worked out again when shown
        await pilot.pause()
        await pilot.press("h")
        await demo_app.workers.wait_for_complete()
        await pilot.pause()
        screen = demo_app.screen
        assert screen.data is not None and demo_app.heat_data is not None
        assert screen.data is demo_app.heat_data[1], "the map of the data as it is now"
        assert gc.isenabled()
