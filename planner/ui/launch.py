"""Start the app on a database (or on fresh demo data in a temporary folder)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import datetime
from pathlib import Path

from planner.demo import build_demo
from planner.store import Store


def launch(db_path: Path, now: datetime, *, demo: bool = False, today_fixed: bool = False) -> int:
    """Run the app until the user quits; the demo folder is removed afterwards."""
    folder: Path | None = None
    try:
        if demo:
            folder = Path(tempfile.mkdtemp(prefix="planner-demo-"))
            db_path = folder / "planner.json"
            build_demo(Store.open(db_path), now.date())
        from planner.ui.app import PlannerApp

        app = PlannerApp.on_path(db_path, now=now if today_fixed else None)
        app.run()
        return 0
    finally:
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
