"""Regenerate screenshots/*.svg: every screen on the demo network, 120x36, on a fixed date
(sorting new contacts after a small LinkedIn import; the first session on an empty database),
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

from planner import service  # noqa: E402
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
    "review": ["r"],
    "sources": ["r", "S"],
}
#: The same, at 80x24.
SMALL_SHOTS = {
    "week-80x24": ["w"],
}

#: People just in from LinkedIn, to show sorting new contacts (`T`).
NEW_CONNECTIONS = (
    "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
    "Ana,Lindqvist,https://www.linkedin.com/in/ana-lindqvist,ana@lindqvist.example,"
    "Northwind Traders,Head of Sales,30 May 2024\n"
    "Ben,Okafor,https://www.linkedin.com/in/ben-okafor,,Okafor Ltd,CEO,1 Feb 2023\n"
    "Chloé,Dubois,https://www.linkedin.com/in/chloe-dubois,chloe@dubois.example,"
    "Atelier Dubois,Founder,12 Mar 2022\n"
)


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
        if size != SIZE:
            return written
        service.import_contacts(app.store, NEW_CONNECTIONS.encode(), today=NOW.date())
        app.changed()
        await pilot.press("c", "T", "c")
        await pilot.pause()
        app.clear_notifications()
        app.save_screenshot(filename="sorting.svg", path=str(folder))
        written.append(folder / "sorting.svg")
    empty = Path(tempfile.mkdtemp(prefix="planner-shots-")) / "planner.json"
    first = PlannerApp(Store.open(empty), now=NOW)
    async with first.run_test(size=SIZE) as pilot:
        await pilot.pause()
        first.save_screenshot(filename="first-session.svg", path=str(folder))
        written.append(folder / "first-session.svg")
    return written


def main() -> None:
    folder = ROOT / "screenshots"
    folder.mkdir(exist_ok=True)
    for size, shots in ((SIZE, SHOTS), (SMALL, SMALL_SHOTS)):
        for path in asyncio.run(shoot(folder, size, shots)):
            print(path.relative_to(ROOT))


if __name__ == "__main__":
    main()
