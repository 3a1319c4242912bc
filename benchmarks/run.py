"""Every benchmark, one after the other: `python benchmarks/run.py [S|M|L] [--growth]`.

Prints one table for the app and the command line on the S, M or L network (L, 30,000
contacts and five years of touches, unless told): every command of issue 13 against Python
reading the same files with `json`, measured in the same run; the weekly session (review and
sorting new contacts); then the engine alone, a LinkedIn import and reading calendars; with
`--growth`, the command table at 10,000 and 100,000 contacts. The first run builds the
networks into benchmarks/.data/ (a few minutes for L and 100k).
"""

from __future__ import annotations

import os
import platform
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import app, cli, commands, session, startup  # noqa: E402
from benchmarks.common import ROOT, Row  # noqa: E402

HEADINGS = ["what", "figure", "compared with", "ratio", "target", "met"]


def table(rows: list[Row]) -> str:
    lines = [HEADINGS, ["---"] * len(HEADINGS), *(row.cells() for row in rows)]
    return "\n".join("| " + " | ".join(cells) + " |" for cells in lines)


def script(name: str, *args: str) -> None:
    print(f"\n$ python benchmarks/{name} {' '.join(args)}".rstrip(), flush=True)
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / name), *args], check=True)


def main() -> None:
    size = next((arg for arg in sys.argv[1:] if not arg.startswith("-")), "L")
    started = time.perf_counter()
    print(
        f"Python {platform.python_version()} on {platform.system()} {platform.machine()}, "
        f"{os.cpu_count()} cores\n",
        flush=True,
    )
    rows = [
        *startup.measure(size),
        *cli.measure(size),
        *commands.measure(size),
        *app.measure(size),
        *session.measure(size),
    ]
    print(table(rows), flush=True)
    script("plan.py", "--repeat", "3")
    script("import.py")
    script("calendars.py", "--repeat", "3")
    if "--growth" in sys.argv[1:]:
        print("\n$ python benchmarks/commands.py --growth", flush=True)
        print(commands.growth(), flush=True)
    missed = [row.name for row in rows if not row.met]
    print(f"\n{len(rows) - len(missed)} of {len(rows)} targets met", end="")
    print(f" (missed: {'; '.join(missed)})" if missed else "", end="")
    print(f"; {time.perf_counter() - started:.0f} s in all")


if __name__ == "__main__":
    main()
