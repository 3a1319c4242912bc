"""`planner import FILE` and `planner export ics|csv`: the network in, the week out."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planner import service
from planner.cli.common import Context, add_json_flag
from planner.domain.errors import PlannerError, ValidationError
from planner.domain.text import count
from planner.domain.weeks import Week


def register(commands: argparse._SubParsersAction) -> None:
    imp = commands.add_parser(
        "import",
        help="add contacts from a vCard, LinkedIn or Google Contacts file (no duplicates)",
        description="Add contacts from a vCard file, a LinkedIn Connections.csv, a Google "
        "Contacts CSV or a contacts CSV exported by planner. Someone already known (same email, "
        "LinkedIn profile, or name and company) is merged: empty fields are filled, emails, "
        "phones and tags united; your tier, relationship, cadence and notes are kept.",
    )
    imp.add_argument("file", metavar="FILE")
    imp.add_argument(
        "--format",
        default="auto",
        metavar="F",
        help="auto (default), vcard, linkedin, google or planner",
    )
    imp.add_argument(
        "--tier",
        metavar="T",
        help="tier of new contacts; without it they wait, to sort, and are not planned until "
        "each gets a tier (T in the app, or `planner contacts edit ID --tier`)",
    )
    imp.add_argument(
        "--relationship",
        default="prospect",
        metavar="R",
        help="relationship of new contacts (default prospect)",
    )
    imp.add_argument(
        "--tag",
        action="append",
        default=[],
        metavar="TAG",
        help="tag everyone in the file (repeatable)",
    )
    imp.add_argument("--dry-run", action="store_true", help="report only; change nothing")
    add_json_flag(imp)
    imp.set_defaults(handler=cmd_import)

    exp = commands.add_parser("export", help="the week as iCalendar, contacts or touches as CSV")
    kinds = exp.add_subparsers(dest="kind", metavar="KIND", required=True)
    ics = kinds.add_parser("ics", help="the week's touches still to do, for any calendar")
    ics.add_argument("--week", metavar="2026-W48", help="default: this week")
    ics.add_argument("--blocks", action="store_true", help="add the week's time blocks")
    ics.add_argument("-o", "--output", required=True, metavar="FILE", help="'-' for stdout")
    ics.set_defaults(handler=cmd_export_ics)
    csv = kinds.add_parser("csv", help="contacts or touches as a spreadsheet-friendly CSV")
    csv.add_argument("what", choices=("contacts", "touches"))
    csv.add_argument("-o", "--output", required=True, metavar="FILE", help="'-' for stdout")
    csv.set_defaults(handler=cmd_export_csv)


def cmd_import(ctx: Context, args: argparse.Namespace) -> int:
    if not args.file.strip():
        raise ValidationError("file", "FILE is empty: give the path of a vCard or CSV file.")
    data = service.read_file(Path(args.file))
    store = ctx.open_store()
    plan = service.import_contacts(
        store,
        data,
        today=ctx.today,
        fmt=args.format,
        tier=args.tier,
        relationship=args.relationship,
        tags=args.tag,
        dry_run=args.dry_run,
    )
    report = plan.report()
    if args.json:
        ctx.emit_json(report | {"dry_run": args.dry_run})
        return 0
    # New contacts without a tier wait to be sorted: said at the end of the report's line.
    waiting = sum(1 for contact in plan.added if contact.to_sort)
    sorting = f"; {waiting:,} to sort: press T in the app" if waiting else ""
    ctx.print(plan.counted(dry_run=args.dry_run) + sorting + ".")
    for problem in plan.problems:
        ctx.print(f"  {problem}")
    return 0


def _write(ctx: Context, output: str, data: bytes) -> None:
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        service.write_export(Path(output), data)
    except OSError as error:  # a path refused outright, e.g. a name too long to exist
        raise PlannerError(f"Could not write {output}: {error.strerror or error}.") from None


def _check_output(output: str) -> None:
    if not output.strip():
        raise ValidationError(
            "output", "--output is empty: give a file name, or '-' to print to the screen."
        )


def cmd_export_ics(ctx: Context, args: argparse.Namespace) -> int:
    _check_output(args.output)
    week = Week.of(ctx.today) if args.week is None else Week.parse(args.week)
    store = ctx.open_store()
    data = service.export_week_ics(store, week, with_blocks=args.blocks)
    _write(ctx, args.output, data)
    if args.output != "-":
        planned = sum(1 for t in store.week_touches(week) if t.is_open)
        ctx.print(f"Wrote {count(planned, 'touch')} of {week} to {args.output}.")
    return 0


def cmd_export_csv(ctx: Context, args: argparse.Namespace) -> int:
    _check_output(args.output)
    store = ctx.open_store()
    data, count = service.export_csv(store, args.what)
    _write(ctx, args.output, data)
    if args.output != "-":
        ctx.print(f"Wrote {count:,} {args.what} to {args.output}.")
    return 0
