"""Start an app headless and print the moment its first screen is drawn (run by startup.py).

    python benchmarks/launch.py bare
    python benchmarks/launch.py planner DB

The parent notes the time before starting this process; the difference is launch to drawn,
with Python's own start-up included and the app's shutdown left out.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime
from pathlib import Path


def drawn() -> None:
    print(f"{time.time():.6f}", flush=True)


def bare() -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("One line of text.")

        def on_mount(self) -> None:
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            drawn()
            self.exit()

    Bare().run(headless=True, size=(120, 36))


def planner(db: str) -> None:
    from planner.ui.app import PlannerApp
    from planner.ui.screens.week import WeekScreen

    class Timed(PlannerApp):
        def on_mount(self) -> None:
            super().on_mount()
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            screen = self.screen
            if isinstance(screen, WeekScreen) and screen.agenda.row_count:
                drawn()
                self.exit()
            else:
                self.call_after_refresh(self._drawn)

    app = Timed.on_path(Path(db), now=datetime(2026, 11, 23, 8, 0))
    app.run(headless=True, size=(120, 36))
    if app.return_code:
        sys.exit(f"the app did not start cleanly (exit code {app.return_code})")


if __name__ == "__main__":
    if sys.argv[1] == "bare":
        bare()
    else:
        planner(sys.argv[2])
