"""Screens shown for the first time keep the stylesheet parsed before (it is not parsed again
for each), and still follow a change of theme, on screens already shown and new ones alike."""

from __future__ import annotations

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
