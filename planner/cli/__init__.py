"""The command line: one parser, a module per command group, words for every user error."""

from __future__ import annotations

import argparse
import gc
import sys
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path

from planner import __version__
from planner.cli import (
    blocks,
    calendars,
    contacts,
    demo,
    goals,
    maintenance,
    planning,
    serve,
    sources,
    touches,
    transfer,
)
from planner.cli.common import Context
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.validation import parse_date
from planner.locations import ENV_VAR, resolve_db_path
from planner.service import now_from

COMMAND_GROUPS = (
    contacts,
    blocks,
    goals,
    touches,
    planning,
    calendars,
    sources,
    transfer,
    demo,
    maintenance,
    serve,
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="planner",
        description="A keyboard-driven weekly planner for people who live on relationships. "
        "Without a command it opens the app.",
        epilog=f"The database is --db PATH, else ${ENV_VAR}, else planner.json in your data "
        "folder. Exit status: 0 done, 1 a problem with the input or the file (the message says "
        "which), 2 a command-line usage error.",
    )
    parser.add_argument(
        "--db", metavar="PATH", help=f"database file (default: ${ENV_VAR} or the data folder)"
    )
    parser.add_argument(
        "--today",
        metavar="YYYY-MM-DD",
        help="act as if it were the start of this day (default: now)",
    )
    parser.add_argument(
        "--demo", action="store_true", help="open the app on fresh demo data in a temporary folder"
    )
    parser.add_argument("--version", action="version", version=f"planner {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for group in COMMAND_GROUPS:
        group.register(commands)
    return parser


def run(argv: Sequence[str] | None = None, *, process_ends: bool = False) -> int:
    """Run one command (or the app). `process_ends`: nothing else runs in this process
    afterwards, so the cycle collector, off during a command, may stay off."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        _check_text(parser, args)
        today = parse_date(args.today, "today", "--today") if args.today is not None else None
        if args.db is not None and not args.db.strip():
            raise ValidationError("db", "--db is empty: give the database file, e.g. --db PATH.")
        db_path = resolve_db_path(args.db)
        ctx = Context(db_path=Path(db_path), now=now_from(today))
        if args.command is None:
            from planner.ui.launch import launch

            return launch(ctx.db_path, ctx.now, demo=args.demo, today_fixed=today is not None)
        if args.demo:
            parser.error("--demo opens the app; it does not go with a command")
        # A command lives a moment and builds many small objects that never form cycles:
        # the cycle collector would only rescan them again and again (a third of the time of
        # planning a large network). The app keeps it on, and so does whoever called `run`
        # in a process that goes on (switching it on again costs a full collection).
        collecting = gc.isenabled() and not process_ends
        gc.disable()
        try:
            code = int(args.handler(ctx, args))
        finally:
            if collecting:
                gc.enable()
        if code == 0:
            for note in ctx.read_only_notes():
                print(note, file=sys.stderr)
        return code
    except PlannerError as error:
        print(f"planner: {error.message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("planner: interrupted; nothing half-saved.", file=sys.stderr)
        return 130


def _check_text(parser: argparse.ArgumentParser, args: argparse.Namespace) -> None:
    """Refuse, naming the argument, text no one means to type: bytes that are not UTF-8 (Python
    hands them over as lone surrogates, which cannot be saved or shown) and control characters
    other than white space (NUL, escape sequences), which would be dropped unseen, kept in a
    tag, or garble the terminal that shows them."""
    for action in _given_actions(parser, args):
        value = getattr(args, action.dest, None)
        for text in value if isinstance(value, list) else [value]:
            if not isinstance(text, str) or text.isprintable():
                continue
            name = (
                action.option_strings[-1]
                if action.option_strings
                else action.metavar or action.dest
            )
            try:
                text.encode("utf-8")
            except UnicodeEncodeError:
                shown = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
                raise ValidationError(
                    action.dest,
                    f"{name} '{shown[:60]}' is not valid UTF-8 text; check the encoding of your "
                    "terminal or script. Nothing was changed.",
                ) from None
            control = next((char for char in text if _is_control(char)), None)
            if control is not None:
                shown = "".join(
                    f"\\x{ord(char):02x}" if _is_control(char) else char for char in text[:60]
                )
                raise ValidationError(
                    action.dest,
                    f"{name} '{shown}' contains a control character (U+{ord(control):04X}); "
                    "type plain text. Nothing was changed.",
                )


def _given_actions(
    parser: argparse.ArgumentParser, args: argparse.Namespace
) -> Iterator[argparse.Action]:
    """The arguments of the command line given: the global ones, then those of each command
    and subcommand chosen."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            chosen = getattr(args, action.dest, None)
            if chosen is not None:
                yield from _given_actions(action.choices[chosen], args)
        else:
            yield action


def _is_control(char: str) -> bool:
    return unicodedata.category(char) == "Cc" and not char.isspace()
