"""Heat map (`h`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from planner.ui.screens.base import PlannerScreen


class HeatmapScreen(PlannerScreen):
    SCREEN_NAME = "Heat map"
    MODE = "heatmap"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(
            "Contacts by tier over the last weeks, coldest first: "
            "this screen is coming next. Meanwhile the command line has it: "
            "planner --help.",
            classes="coming",
            markup=False,
        )
        yield from self.compose_footer()

    def redraw(self) -> None:
        pass
