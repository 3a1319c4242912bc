"""`planner`: parse the command line, open the store, run a command or the app."""

from __future__ import annotations

import os
import sys

from planner.cli import run


def main() -> None:
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")
    try:
        code = run(process_ends=True)
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader went away (`planner plan | head`): stop quietly, like other tools do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        code = 141
    sys.exit(code)


if __name__ == "__main__":
    main()
