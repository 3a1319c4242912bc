"""The command line on the L network against Python reading the same files with `json`:
`planner done ID` (target: under 1.5x), `planner plan` (target: at most 3x), and the
questions about the whole network, `planner sources` and `planner contacts duplicates`
(target: at most 3x).

    python benchmarks/cli.py [S|M|L]
"""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    ROOT,
    TODAY,
    Row,
    dataset,
    installed_env,
    json_baseline,
    ms,
    planned,
)

RUNS = 7
DONE_TARGET = 1.5
PLAN_TARGET = 3.0
READ_TARGET = 3.0


def planner(db: Path, *args: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY, *args],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=installed_env(),
    )
    return time.perf_counter() - started


def copy_of(db: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="planner-bench-")) / "db"
    shutil.copytree(db.parent, target)
    return target / db.name


def measure(size: str = "L") -> list[Row]:
    week = copy_of(planned(size))
    listed = subprocess.run(
        [
            sys.executable,
            "-m",
            "planner",
            "--db",
            str(week),
            "--today",
            TODAY,
            "touches",
            "--status",
            "planned",
            "--json",
        ],
        check=True,
        capture_output=True,
        cwd=ROOT,
        env=installed_env(),
        text=True,
    )
    ids = [touch["id"] for touch in json.loads(listed.stdout)]
    planner(week, "done", str(ids[0]))  # the day's first write makes the backup: not this one
    floor = json_baseline(week, RUNS)
    done = statistics.median(planner(week, "done", str(touch)) for touch in ids[1 : RUNS + 1])
    plans = []
    for _ in range(RUNS):
        fresh = copy_of(dataset(size))
        plans.append(planner(fresh, "plan"))
        shutil.rmtree(fresh.parent.parent, ignore_errors=True)
    plan = statistics.median(plans)
    reads = {
        name: statistics.median(planner(week, *argv) for _ in range(RUNS))
        for name, argv in (
            ("sources", ("sources", "--json")),
            ("contacts duplicates", ("contacts", "duplicates", "--json")),
        )
    }
    shutil.rmtree(week.parent.parent, ignore_errors=True)
    floor_text = f"python + json.load {ms(floor)}"
    read_rows = [
        Row(
            f"`planner {name}` ({size})",
            ms(seconds),
            floor_text,
            seconds / floor,
            f"<= {READ_TARGET:g}x",
            seconds / floor <= READ_TARGET,
        )
        for name, seconds in reads.items()
    ]
    return [
        Row(
            f"`planner done ID` ({size})",
            ms(done),
            floor_text,
            done / floor,
            f"< {DONE_TARGET:g}x",
            done / floor < DONE_TARGET,
        ),
        Row(
            f"`planner plan` ({size}, first save of the day)",
            ms(plan),
            floor_text,
            plan / floor,
            f"<= {PLAN_TARGET:g}x",
            plan / floor <= PLAN_TARGET,
        ),
        *read_rows,
    ]


if __name__ == "__main__":
    for row in measure(sys.argv[1] if len(sys.argv) > 1 else "L"):
        print(" | ".join(row.cells()))
