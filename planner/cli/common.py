"""What every command shares: the context (database, today), id parsing and output."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import orjson

from planner.domain.errors import NotFoundError, ValidationError
from planner.store import Store

if TYPE_CHECKING:
    from rich.console import Console

Handler = Callable[["Context", argparse.Namespace], int]

#: Indented as `json.dump(indent=2)` indents; whole-number keys written as text, as it does.
_JSON_OPTIONS = orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS


@dataclass
class Context:
    """The settings a command runs under: which database, which day it is, where output goes."""

    db_path: Path
    now: datetime
    out: TextIO = field(default_factory=lambda: sys.stdout)
    err: TextIO = field(default_factory=lambda: sys.stderr)
    opened: list[Store] = field(default_factory=list)
    """The stores this command opened (to say, once it is done, if one was read-only)."""

    @property
    def today(self) -> date:
        return self.now.date()

    def open_store(self) -> Store:
        store = Store.open(self.db_path)
        self.opened.append(store)
        return store

    def read_only_notes(self) -> list[str]:
        """A line for each store this command read that cannot be written here, and why."""
        notes = []
        for store in self.opened:
            reason = store.read_only_reason
            if reason is not None:
                notes.append(f"planner: note: {store.path} is read-only here: {reason}.")
        return list(dict.fromkeys(notes))

    def console(self) -> Console:
        """Rich output that never reads user text as markup and never guesses highlights."""
        from rich.console import Console

        width = None if self.out.isatty() else 160
        return Console(file=self.out, highlight=False, markup=False, emoji=False, width=width)

    def colour_console(self) -> Console | None:
        """The console when the output may show colour (a terminal, or FORCE_COLOR or
        TTY_COMPATIBLE=1 set, as Rich reads them), else None: plain text to a pipe or a file
        needs no Rich, nor the time it takes to import."""
        forced = os.environ.get("FORCE_COLOR", "") != ""
        compatible = os.environ.get("TTY_COMPATIBLE", "") == "1"
        if not (forced or compatible or self.out.isatty()):
            return None
        return self.console()

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def emit_json(self, data: Any) -> None:
        """`data` as indented JSON (the shapes README.md documents), encoded by orjson: the
        standard module takes seconds over the 16 MB of 30,000 contacts."""
        try:
            encoded = orjson.dumps(data, option=_JSON_OPTIONS)
        except orjson.JSONEncodeError:  # what orjson refuses (an integer past 64 bits)
            encoded = json.dumps(data, ensure_ascii=False, indent=2).encode("utf-8", "replace")
        self.write_bytes(encoded + b"\n")

    def write_bytes(self, data: bytes) -> None:
        """UTF-8 bytes to the output, straight to its binary buffer when it has one."""
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            self.out.write(data.decode("utf-8"))
            return
        self.out.flush()  # what was printed as text goes first
        buffer.write(data)
        buffer.flush()


#: Ids are written in ASCII digits; more than this many cannot name anything.
_ID_DIGITS = 18


def parse_id(text: str, what: str) -> int:
    """A whole-number id written in ASCII digits, or an error in words: a ValidationError for
    what is not a number, a NotFoundError for a number no id can have (0, or far too long)."""
    value = str(text).strip()
    shown = value if len(value) <= 40 else value[:40] + "…"
    if not (value.isascii() and value.isdigit()):
        raise ValidationError(
            "id",
            f"{what.capitalize()} id '{shown}' is not a number; use the id "
            f"that `list` shows, e.g. 12.",
        )
    if len(value) > _ID_DIGITS or int(value) == 0:
        raise NotFoundError(what, shown)
    return int(value)


def add_json_flag(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--json", action="store_true", help="print JSON instead of text")


def add_stated_flags(parser: argparse.ArgumentParser) -> None:
    """`--stated` / `--not-stated`: whether the other person knew a prospecting coffee,
    meeting or event was about prospecting (`args.stated`: True, False or None)."""
    stated = parser.add_mutually_exclusive_group()
    stated.add_argument(
        "--stated",
        dest="stated",
        action="store_true",
        default=None,
        help="prospecting over coffee, a meeting or an event: they knew the purpose",
    )
    stated.add_argument(
        "--not-stated",
        dest="stated",
        action="store_false",
        default=None,
        help="they did not: record it as networking (the note says so)",
    )


def fmt_date(value: date | None) -> str | None:
    return None if value is None else value.isoformat()
