"""`planner`: parse the command line, open the store, run a command or the app."""

from __future__ import annotations

import sys

from planner.cli import run


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    sys.exit(run())


if __name__ == "__main__":
    main()
