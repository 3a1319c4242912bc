"""The command line on the L network against Python reading the same files with `json`:
`planner done ID` (target: under 1.5x) and `planner plan` (target: at most 3x), also with three
fresh calendars (5,000, 1,000 and 300 events, read less than 15 minutes before: planning reads
their copies and fetches nothing; the same target). Their events start from noon, so that they
cut the afternoon blocks and leave the morning ones free: the plan still fills most of the week.
Then the questions about the whole network, `planner sources` and `planner contacts
duplicates` (target: at most 3x).

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
#: The calendars of `benchmarks/calendars.py`: name -> events.
CALENDARS = {"work": 5_000, "team": 1_000, "home": 300}
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


def with_calendars(size: str) -> Path:
    """A copy of the dataset with three calendars added (and so read: their copies are fresh),
    its backups removed, so that planning takes the day's backup as it does without them."""
    from benchmarks.calendars import synthetic_calendar

    db = copy_of(dataset(size))
    for seed, (name, events) in enumerate(CALENDARS.items(), 1):
        path = db.parent / f"{name}.ics"
        path.write_bytes(synthetic_calendar(events, seed, first_hour=12))
        planner(db, "calendars", "add", name, "--ics", str(path))
    shutil.rmtree(db.parent / "backups", ignore_errors=True)
    return db


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
    calendars = with_calendars(size)
    twin = copy_of(calendars)  # the same database and saves, without the calendars
    for name in CALENDARS:
        planner(twin, "calendars", "remove", name)
    shutil.rmtree(twin.parent / "backups", ignore_errors=True)
    busy_plans, twin_plans = [], []
    for _ in range(RUNS):
        for source, times in ((calendars, busy_plans), (twin, twin_plans)):
            fresh = copy_of(source)
            times.append(planner(fresh, "plan"))
            shutil.rmtree(fresh.parent.parent, ignore_errors=True)
    busy_plan = statistics.median(busy_plans)
    extra = busy_plan - statistics.median(twin_plans)
    for done_with in (calendars, twin):
        shutil.rmtree(done_with.parent.parent, ignore_errors=True)
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
        Row(
            f"`planner plan` ({size}), three fresh calendars ({extra * 1000:+.0f} ms)",
            ms(busy_plan),
            floor_text,
            busy_plan / floor,
            f"<= {PLAN_TARGET:g}x",
            busy_plan / floor <= PLAN_TARGET,
        ),
        *read_rows,
    ]


if __name__ == "__main__":
    for row in measure(sys.argv[1] if len(sys.argv) > 1 else "L"):
        print(" | ".join(row.cells()))
