"""Blocks (`b`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from planner.ui.screens.base import PlannerScreen


class BlocksScreen(PlannerScreen):
    SCREEN_NAME = "Blocks"
    MODE = "blocks"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(
            "The weekly pattern of time blocks, coloured by kind: "
            "this screen is coming next. Meanwhile the command line has it: "
            "planner --help.",
            classes="coming",
            markup=False,
        )
        yield from self.compose_footer()

    def redraw(self) -> None:
        pass
