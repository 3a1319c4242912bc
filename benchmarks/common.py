"""Shared by the benchmarks: the S / M / L demo databases, fresh copies, timing helpers."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "benchmarks" / ".data"
TODAY = "2026-11-23"
NOW = datetime(2026, 11, 23, 8, 0)
#: name -> (contacts, weeks of history): S, M and L as issue 8 defines them; 10k and 100k for
#: how the command line grows with the network (issue 13).
SIZES = {
    "S": (500, 52),
    "M": (5_000, 156),
    "L": (30_000, 260),
    "10k": (10_000, 104),
    "100k": (100_000, 104),
}


def installed_env() -> dict[str, str]:
    """The environment of an installed planner: Python may keep compiled modules (a sandbox
    that forbids it would charge every start-up with compiling the whole package), and its
    output is buffered as in any terminal (PYTHONUNBUFFERED would write long lists a line at a
    time)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.pop("PYTHONUNBUFFERED", None)
    return env


#: Written beside each database built: one built by an older planner (whose files lack
#: something this one saves, such as the months of each contact in the history index) is
#: built again.
DATA_VERSION = "3"


def dataset(size: str) -> Path:
    """The demo database of `size`, built once (with `planner demo`) and kept in .data/."""
    contacts, weeks = SIZES[size]
    db = DATA / size / "planner.json"
    stamp = db.parent / "built-for"
    if not db.exists() or not stamp.exists() or stamp.read_text() != DATA_VERSION:
        shutil.rmtree(db.parent, ignore_errors=True)
        started = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "planner",
                "--db",
                str(db),
                "--today",
                TODAY,
                "demo",
                "--contacts",
                str(contacts),
                "--weeks",
                str(weeks),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
        stamp.write_text(DATA_VERSION)
        print(f"  built {size} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return db


def planned(size: str) -> Path:
    """The dataset with this week planned (as on any day after the Monday session)."""
    db = DATA / f"{size}-planned" / "planner.json"
    stamp = db.parent / "built-for"  # copied from the dataset
    dataset(size)
    if not db.exists() or not stamp.exists() or stamp.read_text() != DATA_VERSION:
        shutil.rmtree(db.parent, ignore_errors=True)
        shutil.copytree(dataset(size).parent, db.parent)
        subprocess.run(
            [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY, "plan"],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    return db


def fresh_copy(size: str) -> Path:
    """A throwaway copy of a dataset, for benchmarks that write."""
    source = dataset(size).parent
    target = Path(tempfile.mkdtemp(prefix=f"planner-bench-{size}-")) / "db"
    shutil.copytree(source, target)
    return target / "planner.json"


def database_files(db: Path) -> list[Path]:
    """The root and every part: what 'reading the database' means for the baselines."""
    return [db, *sorted((db.parent / f"{db.stem}.parts").glob("*.json"))]


def wall(argv: list[str], runs: int = 5, setup: Callable[[], list[str]] | None = None) -> float:
    """Median wall time of a command, started fresh each time (after one warm-up run)."""
    times = []
    for index in range(runs + 1):
        command = setup() if setup else argv
        started = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True, cwd=ROOT, env=installed_env())
        if index:
            times.append(time.perf_counter() - started)
    return statistics.median(times)


def json_baseline(db: Path, runs: int = 5) -> float:
    """Python starting and reading every file of the database with the standard json module."""
    files = [str(path) for path in database_files(db)]
    code = "import json, sys\nfor name in sys.argv[1:]:\n    json.load(open(name, 'rb'))"
    return wall([sys.executable, "-c", code, *files], runs)


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    name: str
    value: str
    floor: str
    ratio: float | None
    target: str
    met: bool

    def cells(self) -> list[str]:
        ratio = "" if self.ratio is None else f"{self.ratio:.2f}x"
        return [self.name, self.value, self.floor, ratio, self.target, "yes" if self.met else "NO"]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"
