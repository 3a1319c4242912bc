"""The engine is pure: no screen, no storage, no clock, no files."""

import re
import subprocess
import sys
from pathlib import Path

import planner.engine

ENGINE = Path(planner.engine.__file__).parent


def test_importing_the_engine_loads_no_screen_or_storage_library():
    code = (
        "import sys, planner.engine\n"
        "print(sorted({name.split('.')[0] for name in sys.modules} & "
        "{'textual', 'rich', 'tinydb', 'filelock', 'platformdirs'}))"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert found.strip() == "[]"


def test_the_engine_never_reads_the_clock_or_touches_files():
    forbidden = re.compile(r"\.now\(|\.today\(|\btime\.time\(|\bopen\(|\bimport os\b|pathlib")
    offenders = [
        f"{path.name}:{number}: {line.strip()}"
        for path in sorted(ENGINE.glob("*.py"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if forbidden.search(line)
    ]
    assert offenders == []
