"""The weekly session on a large network, driven with Pilot: the review screen of a week, and
sorting new contacts one key at a time with every contact still to sort.

    python benchmarks/session.py [S|M|L]        (prints the rows of the results table)
    python benchmarks/session.py --child DB     (one measured session; prints JSON)

The network is the planned demo of `benchmarks/common.py`, copied, with every contact made
"to sort" (as if all 30,000 had just come in from LinkedIn without a tier). Each session runs
in its own process, as in `benchmarks/app.py`.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import NOW, ROOT, Row, installed_env, ms, planned  # noqa: E402

REVIEW_TARGET = 0.150
SORT_TARGET = 0.050
SORT_KEYS = 25


def everyone_to_sort(db: Path) -> int:
    """Make every contact of the database at `db` wait to be sorted; returns how many."""
    from planner.store import Store

    store = Store.open(db)
    with store.transaction() as tx:
        for contact in list(store.contacts.values()):
            tx.put_contact(contact.but(to_sort=True, archived=False))
    return len(store.contacts)


async def session(db: Path) -> dict[str, float]:
    from textual import _wait as textual_wait

    from planner.store import Store
    from planner.ui.app import PlannerApp
    from planner.ui.screens.review import ReviewScreen
    from planner.ui.screens.sorting import SortScreen

    textual_wait.SLEEP_GRANULARITY = 0.002  # as in benchmarks/app.py
    textual_wait.SLEEP_IDLE = 0.0002
    app = PlannerApp(Store.open(db), now=NOW)
    figures: dict[str, float] = {}

    async def timed(key: str, done: Callable[[], bool] = lambda: True) -> float:
        started = time.perf_counter()
        await pilot.press(key)
        await pilot.pause()
        while not done():
            await pilot.pause(0.001)
        return time.perf_counter() - started

    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        for _ in range(400):  # the network read in the background, as while reading the week
            await pilot.pause(0.05)
            if not app._reader._active:
                break
        await app.workers.wait_for_complete()  # what is worked out ahead, as the week is read
        figures["floor"] = statistics.median([await timed("f19") for _ in range(10)])

        # The review: first showing (the screen is built), then other weeks, then again.
        figures["review_first"] = await timed("r", lambda: isinstance(app.screen, ReviewScreen))
        figures["review_week"] = statistics.median(
            [await timed(key) for key in ("left_square_bracket", "right_square_bracket") * 3]
        )
        await pilot.press("w")
        await pilot.pause()
        figures["review_again"] = await timed("r")
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.data is not None
        figures["review_unfinished"] = len(screen.data.unfinished)
        figures["review_cold"] = len(screen.data.cold)

        # Sorting: open, then one decision a key.
        figures["sort_open"] = await timed("T", lambda: isinstance(app.screen, SortScreen))
        figures["sort_total"] = app.sort_queue.total
        figures["sort_first_key"] = await timed("3")
        tiers = [await timed(key) for key in "123" * (SORT_KEYS // 3)]
        figures["sort_key"] = statistics.median(tiers)
        figures["sort_key_max"] = max(tiers)
        figures["sort_later"] = statistics.median([await timed("s") for _ in range(5)])
        figures["sort_undo"] = statistics.median([await timed("u") for _ in range(5)])
        figures["sort_relationship"] = statistics.median([await timed(key) for key in "cpnfe"])
        figures["sorted"] = app.sort_queue.decided
    return figures


def measure(size: str = "L") -> list[Row]:
    source = planned(size)
    folder = Path(tempfile.mkdtemp(prefix="planner-bench-session-")) / "db"
    shutil.copytree(source.parent, folder)
    try:
        everyone_to_sort(folder / source.name)
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

    def row(name: str, key: str, target: float) -> Row:
        value = net(key)
        return Row(
            f"{name} ({size})", ms(value), floor_text, None, f"< {ms(target)}", value < target
        )

    total = int(figures["sort_total"])
    return [
        row(
            f"review screen of a week ({int(figures['review_unfinished'])} unfinished, "
            f"{int(figures['review_cold']):,} gone cold), first showing",
            "review_first",
            REVIEW_TARGET,
        ),
        row("review, another week ([ or ])", "review_week", REVIEW_TARGET),
        row("switch back to the review", "review_again", REVIEW_TARGET),
        row(f"sorting: open on {total:,} contacts to sort", "sort_open", REVIEW_TARGET),
        row(
            f"sorting: a tier key, saved and the next contact drawn (median of {SORT_KEYS - 1}; "
            f"slowest {ms(net('sort_key_max'))}, first after opening {ms(net('sort_first_key'))})",
            "sort_key",
            SORT_TARGET,
        ),
        row("sorting: a relationship key, saved", "sort_relationship", SORT_TARGET),
        row("sorting: later (s)", "sort_later", SORT_TARGET),
        row("sorting: undo (u), saved", "sort_undo", SORT_TARGET),
    ]


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        print(json.dumps(asyncio.run(session(Path(sys.argv[2])))))
    else:
        for each in measure(sys.argv[1] if len(sys.argv) > 1 else "L"):
            print(" | ".join(each.cells()))
