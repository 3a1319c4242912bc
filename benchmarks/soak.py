"""A long kill soak: SIGKILL a looping writer many times and check the database every time.

    python -m benchmarks.soak [--kills 5000] [--writers 2] [--seed 1] [--window 0.1]

Run from the repository root. The CI-sized version is tests/reliability/test_kill.py; this is
the same check for as long as you care to wait. Exits 1 at the first kill after which the
database does not open, is neither the last acknowledged state nor the next one, or keeps
leftovers of the interrupted write.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.reliability.killing import KillCheckFailed, KillStats, parallel_kill_loops


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=5000)
    parser.add_argument("--writers", type=int, default=2, help="databases killed side by side")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--window", type=float, default=0.1, help="longest wait after start-up, in seconds"
    )
    args = parser.parse_args(argv)

    def progress(stats: KillStats) -> None:
        if stats.kills % 100 == 0:
            print(f"  {stats.kills} kills, {stats.steps} steps, {stats.torn} torn", flush=True)

    with tempfile.TemporaryDirectory(prefix="planner-soak-") as folder:
        try:
            stats = parallel_kill_loops(
                Path(folder),
                args.kills,
                writers=args.writers,
                seed=args.seed,
                window=args.window,
                progress=progress,
            )
        except KillCheckFailed as failure:
            print(f"FAILED: {failure}", file=sys.stderr)
            return 1
    print(stats.summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
