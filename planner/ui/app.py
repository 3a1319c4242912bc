"""The planner app (the screens arrive with the next pieces of work)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import Footer, Header, Static

from planner.store import Store


class PlannerApp(App[int]):
    TITLE = "planner"
    BINDINGS = [("q", "quit", "Quit")]

    def __init__(self, db_path: Path, now: datetime | None = None) -> None:
        super().__init__()
        self.db_path = db_path
        self.fixed_now = now
        self.store = Store.open(db_path)

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            f"{len(self.store.contacts)} contacts in {self.db_path}.\n"
            "The week and contacts screens are on their way; the command line works today: "
            "planner --help.",
            markup=False,
        )
        yield Footer()
