"""`planner sources`: which places and events the network, and its customers, come from."""

from __future__ import annotations

import argparse

from planner import service
from planner.cli.common import Context, add_json_flag
from planner.domain.text import count
from planner.service.sources import DEFAULT_WEEKS, MAX_WEEKS, parse_weeks


def register(commands: argparse._SubParsersAction) -> None:
    sources = commands.add_parser(
        "sources", help="where contacts were met, and which places bring customers"
    )
    sources.add_argument(
        "--weeks",
        default=str(DEFAULT_WEEKS),
        metavar="N",
        help=f"count who was touched in the last N weeks, 1 to {MAX_WEEKS} "
        f"(default {DEFAULT_WEEKS})",
    )
    add_json_flag(sources)
    sources.set_defaults(handler=cmd_sources)


def cmd_sources(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    weeks = parse_weeks(args.weeks)
    store = ctx.open_store()
    found = service.sources(store, ctx.today, weeks)
    if args.json:
        ctx.emit_json({"sources": [source.to_json() for source in found]})
        return 0
    if not found:
        ctx.print("No contacts yet: add some with `planner contacts add` or `planner import`.")
        return 0
    table = Table(
        box=None,
        pad_edge=False,
        header_style="bold",
        caption=f"touched: a done touch in the last {count(weeks, 'week')}; touches: done, ever",
    )
    table.add_column("where met", max_width=40)
    for column in ("contacts", "touched", "customers", "referrals", "touches"):
        table.add_column(column, justify="right")
    for source in found:
        table.add_row(
            Text(source.source, style="dim" if source.source == "unknown" else ""),
            f"{source.contacts:,}",
            f"{source.touched:,}",
            f"{source.customers:,}",
            f"{source.referrals:,}",
            f"{source.touches:,}",
        )
    ctx.console().print(table)
    return 0
