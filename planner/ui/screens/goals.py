"""Goals (`g`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Static

from planner.ui.screens.base import PlannerScreen


class GoalsScreen(PlannerScreen):
    SCREEN_NAME = "Goals"
    MODE = "goals"

    def compose(self) -> ComposeResult:
        yield from self.compose_header()
        yield Static(
            "Weekly goals with progress bars and 8-week sparklines: "
            "this screen is coming next. Meanwhile the command line has it: "
            "planner --help.",
            classes="coming",
            markup=False,
        )
        yield from self.compose_footer()

    def redraw(self) -> None:
        pass
