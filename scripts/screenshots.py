"""Regenerate screenshots/*.svg: every screen on the demo network, 120x36, on a fixed date,
and the week screen at 80x24 (the size many terminals open at).

python scripts/screenshots.py
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from planner.demo import build_demo  # noqa: E402
from planner.store import Store  # noqa: E402
from planner.ui.app import PlannerApp  # noqa: E402

NOW = datetime(2026, 11, 23, 8, 0)
SIZE = (120, 36)
SMALL = (80, 24)
#: File name -> the keys that lead to the screen, from the week screen after planning.
SHOTS = {
    "week": ["w"],
    "contacts": ["c"],
    "goals": ["g"],
    "blocks": ["b"],
    "heatmap": ["h"],
    "keys": ["w", "question_mark"],
}
#: The same, at 80x24.
SMALL_SHOTS = {
    "week-80x24": ["w"],
}


async def shoot(folder: Path, size: tuple[int, int], shots: dict[str, list[str]]) -> list[Path]:
    db = Path(tempfile.mkdtemp(prefix="planner-shots-")) / "planner.json"
    build_demo(Store.open(db), NOW.date())
    app = PlannerApp(Store.open(db), now=NOW)
    written = []
    async with app.run_test(size=size) as pilot:
        await pilot.press("p")
        await app.workers.wait_for_complete()
        await pilot.pause()
        app.clear_notifications()
        for name, keys in shots.items():
            await pilot.press(*keys)
            await app.workers.wait_for_complete()  # the heat map computes in a worker
            await pilot.pause()
            path = folder / f"{name}.svg"
            app.save_screenshot(filename=path.name, path=str(folder))
            written.append(path)
            if app.screen.is_modal:
                await pilot.press("escape")
    return written


def main() -> None:
    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    for size, shots in ((SIZE, SHOTS), (SMALL, SMALL_SHOTS)):
        for path in asyncio.run(shoot(folder, size, shots)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
