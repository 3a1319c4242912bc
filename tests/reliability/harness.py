"""What the reliability tests share: the logical content of a database, the files on disk,
leftovers of interrupted writes, and a command-line runner that captures output.

Importable by the child processes the tests start (see `driver.py`), so it imports nothing
from pytest.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from planner.cli import run
from planner.store import Store, converters
from planner.store.files import TEMP_PREFIX, TEMP_SUFFIX

REPO = Path(__file__).resolve().parents[2]
TODAY = "2026-11-23"

Content = dict[str, Any]


def content(store: Store) -> Content:
    """Everything a database holds, as plain data, in a stable order: two stores with equal
    content show a user the same network, history, blocks, goals and settings, and hand out
    the same ids next."""
    return {
        "contacts": {
            ident: converters.contact_to_doc(contact)
            for ident, contact in sorted(store.contacts.items())
        },
        "touches": {
            touch.id: converters.touch_to_doc(touch)
            for touch in sorted(store.all_touches(), key=lambda touch: touch.id)
        },
        "blocks": {
            ident: converters.block_to_doc(block) for ident, block in sorted(store.blocks.items())
        },
        "goals": {
            ident: converters.goal_to_doc(goal) for ident, goal in sorted(store.goals.items())
        },
        "calendars": {
            ident: converters.calendar_to_doc(calendar)
            for ident, calendar in sorted(store.calendars.items())
        },
        "settings": converters.settings_to_doc(store.settings),
        "next_id": dict(store.next_ids),
    }


def disk_content(db: Path) -> Content:
    """The content of the database as a fresh process would see it."""
    return content(Store.open(db))


def files(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` except the lock files, by relative path."""
    if not folder.exists():
        return {}
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not path.name.endswith(".lock")
    }


def temp_files(folder: Path) -> list[Path]:
    """Temp files of an unfinished atomic write anywhere below `folder`."""
    if not folder.exists():
        return []
    return sorted(
        path
        for path in folder.rglob("*")
        if path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)
    )


def orphan_parts(db: Path) -> list[Path]:
    """Part files that the root does not name (written by a commit that never finished, or
    superseded by one that did)."""
    parts = db.parent / f"{db.stem}.parts"
    if not parts.is_dir():
        return []
    try:
        meta = orjson.loads(db.read_bytes())["meta"]["1"]
        named = set(meta.get("parts", {}).values())
    except (OSError, ValueError, KeyError, TypeError):
        named = set()
    return sorted(
        path
        for path in parts.iterdir()
        if path.name not in named and not path.name.startswith(TEMP_PREFIX)
    )


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


def cli(db: Path, *args: str, today: str = TODAY) -> Result:
    """Run the command line in this process, as `planner --db DB --today TODAY ARGS...`."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = run(["--db", str(db), "--today", today, *args])
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
    return Result(code, out.getvalue(), err.getvalue())


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process: this checkout importable, output unbuffered."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH", "")]))
    env["PYTHONUNBUFFERED"] = "1"
    env.update(extra or {})
    return env


def planner_command(*args: str) -> Sequence[str]:
    import sys

    return [sys.executable, "-m", "planner", *args]
