"""The app on a large network, driven with Pilot: check-off, screen switches, filter and
contact-picker keystrokes (typed as written, and with a typo), the heat map, and the peak
memory of the whole session.

    python benchmarks/app.py [S|M|L]          (prints the rows of the results table)
    python benchmarks/app.py --child DB       (one measured session; prints JSON)

Each session runs in its own process, so that its peak resident size is the app's own.
"""

from __future__ import annotations

import asyncio
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, Row, installed_env, ms, planned  # noqa: E402

NOW = datetime(2026, 11, 23, 8, 0)
CHECK_OFFS = 15
SCREEN_TARGET = 0.100
CHECK_OFF_TARGET = 0.030
KEYSTROKE_TARGET = 0.030
MEMORY_TARGET_MB = 400


async def session(db: Path) -> dict[str, float]:
    from textual import _wait as textual_wait

    from planner.store import Store
    from planner.ui.app import AHEAD_AFTER_CHANGES, PlannerApp
    from planner.ui.widgets.table import VirtualTable

    # Pilot waits for the app to go idle by sleeping in steps of 20 ms, at least three per
    # key: finer steps let it see sooner that the work is done. A key bound to nothing gives
    # what is left of that wait, and is taken off every figure.
    textual_wait.SLEEP_GRANULARITY = 0.002
    textual_wait.SLEEP_IDLE = 0.0002
    app = PlannerApp(Store.open(db), now=NOW)
    figures: dict[str, float] = {}

    def heat_drawn() -> bool:
        """The heat map shows the data as it is now."""
        ready = app.heat_data
        screen = app.screen
        return (
            ready is not None
            and ready[0] == app.data_version
            and getattr(screen, "data", None) is ready[1]
        )

    async def timed(key: str, done: Callable[[], bool] = lambda: True) -> float:
        started = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        while not done():
            await pilot.pause(0.001)
        return time.perf_counter() - started

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        agenda = app.screen.query_one("#agenda", VirtualTable)
        # The first check-off straight after start-up, the way a user opens the app and ticks
        # off the call they just made (the history index is read for it).
        figures["first_check_off"] = await timed("space")
        agenda.action_cursor(1)
        # Let the network be read in the background, as it is while the user reads the week.
        for _ in range(400):
            await pilot.pause(0.05)
            if not app._reader._active:
                break
        await app.workers.wait_for_complete()  # the finders, built once the network is read
        figures["floor"] = statistics.median([await timed("f19") for _ in range(10)])
        times = []
        for _ in range(CHECK_OFFS):
            times.append(await timed("space"))
            agenda.action_cursor(1)
        figures["check_off"] = statistics.median(times)
        figures["check_off_max"] = max(times)
        # Straight after those check-offs: the heat map works out what they changed.
        figures["heatmap_after_change"] = await timed("h", heat_drawn)
        figures["heatmap_more_weeks"] = await timed("plus")
        await pilot.press("slash")
        figures["heat_filter_keystroke"] = statistics.median([await timed(k) for k in "müll"])
        await pilot.press("escape", "slash")
        figures["heat_filter_typo"] = statistics.median([await timed(k) for k in "mulelr"])
        await pilot.press("escape")
        figures["contacts_first"] = await timed("c")
        await pilot.press("slash")
        figures["filter_keystroke"] = statistics.median([await timed(key) for key in "mül"])
        await pilot.press("escape", "slash")
        figures["filter_typo"] = statistics.median([await timed(key) for key in "mulelr"])
        await pilot.press("escape", "w", "space")
        # A pause after a change, as when the user reads the week: the map is worked out ahead.
        await pilot.pause(AHEAD_AFTER_CHANGES + 1.0)
        await app.workers.wait_for_complete()
        figures["heatmap_ahead"] = await timed("h", heat_drawn)
        figures["contacts_again"] = await timed("c")
        figures["week_again"] = await timed("w")
        # The log form's contact picker: a name typed letter by letter, then one with a typo.
        await pilot.press("l")
        await pilot.pause()
        figures["picker_keystroke"] = statistics.median([await timed(k) for k in "ana mül"])
        for _ in range(7):
            await pilot.press("backspace")
        figures["picker_typo"] = statistics.median([await timed(k) for k in "ana mulelr"])
        await pilot.press("escape")
    figures["peak_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


def measure(size: str = "L") -> list[Row]:
    source = planned(size)
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-app-")) / "db"
    shutil.copytree(source.parent, folder)
    try:
        result = subprocess.run(
            [sys.executable, __file__, "--child", str(folder / source.name)],
            check=True,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=installed_env(),
        )
    finally:
        shutil.rmtree(folder.parent, ignore_errors=True)
    figures = json.loads(result.stdout.strip().splitlines()[-1])

    floor = figures["floor"]
    floor_text = f"Pilot alone {ms(floor)}"

    def net(key: str) -> float:
        return max(0.0, figures[key] - floor)

    def screen(name: str, key: str) -> Row:
        value = net(key)
        return Row(
            f"{name} ({size})",
            ms(value),
            floor_text,
            None,
            f"< {ms(SCREEN_TARGET)}",
            value < SCREEN_TARGET,
        )

    def keystroke(name: str, key: str) -> Row:
        value = net(key)
        return Row(
            f"{name} ({size})",
            ms(value),
            floor_text,
            None,
            f"< {ms(KEYSTROKE_TARGET)} median",
            value < KEYSTROKE_TARGET,
        )

    check = net("check_off")
    return [
        Row(
            f"check-off in the app, saved and drawn ({size}; slowest {ms(net('check_off_max'))}, "
            f"first of the session {ms(net('first_check_off'))})",
            ms(check),
            floor_text,
            None,
            f"< {ms(CHECK_OFF_TARGET)} median",
            check < CHECK_OFF_TARGET,
        ),
        screen("switch to contacts", "contacts_first"),
        keystroke("filter keystroke on contacts", "filter_keystroke"),
        keystroke("filter keystroke on contacts, a typo", "filter_typo"),
        keystroke("name filter keystroke on the heat map", "heat_filter_keystroke"),
        keystroke("name filter keystroke on the heat map, a typo", "heat_filter_typo"),
        keystroke("contact picker keystroke", "picker_keystroke"),
        keystroke("contact picker keystroke, a typo", "picker_typo"),
        screen("switch to heat map right after a change, drawn with it", "heatmap_after_change"),
        screen("switch to heat map, worked out ahead", "heatmap_ahead"),
        screen("heat map, one more week", "heatmap_more_weeks"),
        screen("back to contacts", "contacts_again"),
        Row(
            f"peak memory of the app ({size})",
            f"{figures['peak_mb']:.0f} MB",
            "",
            None,
            f"< {MEMORY_TARGET_MB} MB",
            figures["peak_mb"] < MEMORY_TARGET_MB,
        ),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(asyncio.run(session(Path(sys.argv[2])))))
    else:
        for row in measure(sys.argv[1] if len(sys.argv) > 1 else "L"):
            print(" | ".join(row.cells()))
