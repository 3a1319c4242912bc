"""Launch to the week screen drawn, headless, against a bare Textual app showing one line:
`python benchmarks/startup.py [S|M|L]`."""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import ROOT, Row, installed_env, ms, planned  # noqa: E402

LAUNCH = str(ROOT / "benchmarks" / "launch.py")
TARGET = 2.0
RUNS = 11


def _once(*args: str) -> float:
    started = time.time()
    result = subprocess.run(
        [sys.executable, LAUNCH, *args],
        check=True,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=installed_env(),
    )
    return float(result.stdout.strip().splitlines()[-1]) - started


def measure(size: str = "L") -> list[Row]:
    """Median launch-to-drawn of each app; the two are started in turn, so that whatever
    else the machine is doing weighs on both alike."""
    db = str(planned(size))
    _once("bare"), _once("planner", db)  # warm the disk cache
    floors, values = [], []
    for _ in range(RUNS):
        floors.append(_once("bare"))
        values.append(_once("planner", db))
    floor, value = statistics.median(floors), statistics.median(values)
    ratio = value / floor
    return [
        Row(
            f"startup to week screen ({size})",
            ms(value),
            f"bare app {ms(floor)}",
            ratio,
            f"<= {TARGET:g}x",
            ratio <= TARGET,
        )
    ]


if __name__ == "__main__":
    for row in measure(sys.argv[1] if len(sys.argv) > 1 else "L"):
        print(" | ".join(row.cells()))
