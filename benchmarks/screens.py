"""How quick the app's screens are on a big network: `python -m benchmarks.screens --db PATH`.

Runs the app headless at 120x36 on a copy of the database (build one with
`planner --db /tmp/big/planner.json --today 2026-11-23 demo --contacts 30000 --weeks 260`) and
times the work each key does on the app's own thread (what a user waits for), plus drawing
a full screen of table rows. Switching to the heat map is timed until the screen is up and
answering keys, and until the heat data, computed in a worker thread, is shown.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import tempfile
import time as clock
from collections.abc import Callable
from datetime import datetime, time
from pathlib import Path

from textual.widgets import Input

from planner.store import Store
from planner.ui.app import PlannerApp
from planner.ui.screens.heatmap import HeatmapScreen
from planner.ui.widgets.table import VirtualTable

SIZE = (120, 36)


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:6.1f} ms"


def _timed(work: Callable[[], object]) -> float:
    started = clock.perf_counter()
    work()
    return clock.perf_counter() - started


def _draw(table: VirtualTable) -> float:
    """Render every line of the table's window, as a repaint does."""
    return _timed(lambda: [table.render_line(y) for y in range(table.size.height)])


def _median(times: list[float]) -> str:
    return f"{_ms(statistics.median(times))} (median of {len(times)}, max {_ms(max(times))})"


async def _switch(app: PlannerApp, mode: str) -> float:
    started = clock.perf_counter()
    await app.switch_mode(mode)
    return clock.perf_counter() - started


async def run(db: Path, today: str) -> None:
    now = datetime.combine(datetime.fromisoformat(today).date(), time(8, 0))
    started = clock.perf_counter()
    store = Store.open(db)
    print(f"open the database             {_ms(clock.perf_counter() - started)}")
    print(f"  {len(store.contacts):,} contacts, {store.touch_count:,} touches")
    app = PlannerApp(store, now=now)
    async with app.run_test(size=SIZE) as pilot:
        for mode in ("goals", "blocks"):
            print(f"switch to {mode:<19} {_ms(await _switch(app, mode))}")
            await pilot.pause()
        await app.switch_mode("week")
        await pilot.pause()

        began = clock.perf_counter()
        up = await _switch(app, "heatmap")
        await app.workers.wait_for_complete()
        ready = clock.perf_counter() - began
        print(f"switch to heat map: up        {_ms(up)}")
        print(f"  ... its rows shown after    {_ms(ready)} (worker thread)")
        screen = app.screen
        assert isinstance(screen, HeatmapScreen)
        await pilot.pause()
        began = clock.perf_counter()
        screen.redraw()
        await app.workers.wait_for_complete()
        ready = clock.perf_counter() - began
        print(f"heat data after a change      {_ms(ready)} (worker thread; the old rows stay up)")
        table = screen.table
        print(f"draw a screen of rows         {_ms(_draw(table))}")

        def key(action: Callable[[], object]) -> float:
            return _timed(action) + _draw(table)

        times = [key(lambda: table.action_page(1)) for _ in range(30)]
        print(f"page down + draw              {_median(times)}")
        times = [key(lambda: table.action_cursor(1)) for _ in range(30)]
        print(f"cursor down + draw            {_median(times)}")

        field = screen.query_one("#heat-filter", Input)

        def typed(text: str) -> Callable[[], None]:
            def type_it() -> None:
                with field.prevent(Input.Changed):
                    field.value = text
                screen.apply_filter()

            return type_it

        times = [key(typed(text)) for text in ("a", "an", "ann", "an", "a", "")]
        print(f"name filter keystroke + draw  {_median(times)}")
        for label, action in (
            ("tier A (1)", lambda: screen.action_tier("A")),
            ("all tiers (0)", lambda: screen.action_tier("")),
            ("relationship (r)", screen.action_relationship),
            ("more weeks (+)", lambda: screen.action_weeks(1)),
            ("fewer weeks (-)", lambda: screen.action_weeks(-1)),
        ):
            times = [key(action) for _ in range(6)]
            print(f"{label + ' + draw':<29} {_median(times)}")

        await app.switch_mode("goals")
        await pilot.pause()
        back = await _switch(app, "heatmap")
        print(f"back to the heat map          {_ms(back)} (data unchanged: nothing recomputed)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, type=Path, help="a planner database to copy")
    parser.add_argument("--today", default="2026-11-23")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="planner-bench-") as folder:
        copy = Path(folder) / "planner.json"
        shutil.copy2(args.db, copy)
        parts = args.db.with_name(args.db.name.removesuffix(".json") + ".parts")
        if parts.is_dir():
            shutil.copytree(parts, copy.with_name("planner.parts"))
        asyncio.run(run(copy, args.today))


if __name__ == "__main__":
    main()
