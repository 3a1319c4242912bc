"""Every command a user runs on a large network, against Python reading the same files with
`json` in the same run (issue 13: at most 3x, `doctor` 5x; the first row of a long list
within half a second).

    python benchmarks/commands.py [S|M|L|10k|100k]      the table for one network (L unless told)
    python benchmarks/commands.py --growth              the table at 10,000 and 100,000 contacts,
                                                        and how each command grows between them

Each command is started afresh (as a user starts it), once to warm the disk cache and then
RUNS times; the figure is the median. Its output goes to a pipe, read as it comes.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.common import (  # noqa: E402
    ROOT,
    TODAY,
    Row,
    database_files,
    dataset,
    installed_env,
    ms,
    planned,
)

RUNS = 5
TARGET = 3.0
DOCTOR_TARGET = 5.0
FIRST_ROW_TARGET = 0.5


@dataclass(frozen=True)
class Command:
    label: str
    args: tuple[str, ...]
    target: float = TARGET
    #: "planned": this week planned (read-only commands); "fresh": a new copy of the network
    #: for each run (a command that saves); "plain": the network as built (no backups yet).
    on: str = "planned"


COMMANDS = (
    Command("`contacts list`", ("contacts", "list")),
    Command("`contacts list --json`", ("contacts", "list", "--json")),
    Command("`contacts list --tier A`", ("contacts", "list", "--tier", "A")),
    Command("`heatmap --weeks 4`", ("heatmap", "--weeks", "4")),
    Command("`heatmap` (12 weeks)", ("heatmap",)),
    Command("`heatmap --weeks 12 --all`", ("heatmap", "--weeks", "12", "--all")),
    Command("`heatmap --json`", ("heatmap", "--json")),
    Command("`doctor`", ("doctor",), DOCTOR_TARGET, "plain"),
    Command("`export csv touches`", ("export", "csv", "touches", "-o", "-")),
    Command("`review --json`", ("review", "--json")),
    Command("`plan --json` (first save of the day)", ("plan", "--json"), on="fresh"),
    Command("`contacts show 5`", ("contacts", "show", "5")),
)


def _argv(db: Path, args: tuple[str, ...]) -> list[str]:
    return [sys.executable, "-m", "planner", "--db", str(db), "--today", TODAY, *args]


def _run(argv: list[str]) -> tuple[float, float]:
    """Seconds until the first line of output, and until the command is done."""
    started = time.perf_counter()
    process = subprocess.Popen(
        argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT, env=installed_env()
    )
    assert process.stdout is not None
    process.stdout.readline()
    first = time.perf_counter() - started
    while process.stdout.read(1 << 20):
        pass
    process.wait()
    if process.returncode not in (0, 1):  # doctor says 1 for a database with problems
        raise RuntimeError(f"{' '.join(argv)} failed with {process.returncode}")
    return first, time.perf_counter() - started


def _copy(db: Path) -> Path:
    target = Path(tempfile.mkdtemp(prefix="planner-bench-cmd-")) / "db"
    shutil.copytree(db.parent, target)
    return target / db.name


FLOOR_CODE = "import json, sys\nfor name in sys.argv[1:]:\n    json.load(open(name, 'rb'))"


def _floor(db: Path) -> float:
    """Python starting and reading every file of the database with the standard json module."""
    files = [str(path) for path in database_files(db)]
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", FLOOR_CODE, *files], check=True, env=installed_env())
    return time.perf_counter() - started


@dataclass(frozen=True)
class Timed:
    floor: float
    first: float
    total: float


def time_command(command: Command, size: str) -> Timed:
    """Medians over RUNS runs after a warm-up; each run reads the floor just before the
    command, so that whatever else the machine is doing weighs on both alike."""
    source = dataset(size) if command.on in ("plain", "fresh") else planned(size)
    floors, firsts, totals = [], [], []
    for index in range(RUNS + 1):
        db = _copy(source) if command.on == "fresh" else source
        try:
            floor = _floor(source)
            first, total = _run(_argv(db, command.args))
        finally:
            if command.on == "fresh":
                shutil.rmtree(db.parent.parent, ignore_errors=True)
        if index:
            floors.append(floor)
            firsts.append(first)
            totals.append(total)
    return Timed(statistics.median(floors), statistics.median(firsts), statistics.median(totals))


def figures(size: str) -> dict[str, Timed]:
    """Each command's figures on one network."""
    planned(size)  # built before anything is timed
    return {command.label: time_command(command, size) for command in COMMANDS}


def rows(size: str, timed: dict[str, Timed]) -> list[Row]:
    found = []
    for command in COMMANDS:
        figure = timed[command.label]
        ratio = figure.total / figure.floor
        found.append(
            Row(
                f"{command.label} ({size})",
                ms(figure.total),
                f"python + json.load {ms(figure.floor)}",
                ratio,
                f"<= {command.target:g}x",
                ratio <= command.target,
            )
        )
        if command.label == "`contacts list`":
            found.append(
                Row(
                    f"`contacts list`, its first row ({size})",
                    ms(figure.first),
                    "",
                    None,
                    f"<= {ms(FIRST_ROW_TARGET)}",
                    figure.first <= FIRST_ROW_TARGET,
                )
            )
    return found


def measure(size: str = "L") -> list[Row]:
    return rows(size, figures(size))


def growth(small: str = "10k", large: str = "100k") -> str:
    """Each command at two sizes, against the floor at each, and how much longer it takes on
    the larger network."""
    before, after = figures(small), figures(large)
    lines = [
        f"| command | {small} | ratio | {large} | ratio | {large} / {small} |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    floor_small = statistics.median(figure.floor for figure in before.values())
    floor_large = statistics.median(figure.floor for figure in after.values())
    lines.append(
        f"| floor: python + json.load | {ms(floor_small)} | | {ms(floor_large)} | | "
        f"{floor_large / floor_small:.1f}x |"
    )
    for command in COMMANDS:
        little, big = before[command.label], after[command.label]
        lines.append(
            f"| {command.label} | {ms(little.total)} | {little.total / little.floor:.2f}x | "
            f"{ms(big.total)} | {big.total / big.floor:.2f}x | {big.total / little.total:.1f}x |"
        )
    little, big = before["`contacts list`"], after["`contacts list`"]
    lines.append(
        f"| `contacts list`, its first row | {ms(little.first)} | | {ms(big.first)} | | "
        f"{big.first / little.first:.1f}x |"
    )
    return "\n".join(lines)


def main() -> None:
    if "--growth" in sys.argv[1:]:
        print(growth(), flush=True)
        return
    size = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "L")
    for row in measure(size):
        print(" | ".join(row.cells()), flush=True)


if __name__ == "__main__":
    main()
