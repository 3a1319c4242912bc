"""`planner blocks add|list|edit|remove`: the time set aside each week."""

from __future__ import annotations

import argparse

from planner import service
from planner.cli.common import Context, add_json_flag, parse_id
from planner.cli.render import block_json
from planner.domain.enums import BlockKind
from planner.domain.rules import blocked_minutes, prospecting_share
from planner.domain.weeks import Week


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("blocks", help="add, list, edit, remove time blocks")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="block time every week (--day) or once (--date)")
    add.add_argument("--kind", required=True, help="prospecting, networking, follow_up or admin")
    add.add_argument("--start", required=True, metavar="HH:MM")
    add.add_argument("--end", required=True, metavar="HH:MM")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--day", metavar="mon..sun", help="every week on this day")
    when.add_argument("--date", metavar="YYYY-MM-DD", help="once, on this date")
    add.add_argument("--label", default="", metavar="TEXT")
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="the blocks of a week, with totals per kind")
    listing.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(listing)
    listing.set_defaults(handler=cmd_list)

    edit = sub.add_parser("edit", help="change a block (--day makes it weekly, --date one-off)")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--kind")
    edit.add_argument("--start", metavar="HH:MM")
    edit.add_argument("--end", metavar="HH:MM")
    when = edit.add_mutually_exclusive_group()
    when.add_argument("--day", metavar="mon..sun")
    when.add_argument("--date", metavar="YYYY-MM-DD")
    edit.add_argument("--label", metavar="TEXT")
    add_json_flag(edit)
    edit.set_defaults(handler=cmd_edit)

    remove = sub.add_parser("remove", help="delete a block")
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(handler=cmd_remove)


_FIELDS = ("kind", "start", "end", "day", "date", "label")


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    fields = {name: getattr(args, name) for name in _FIELDS}
    block = service.add_block(ctx.open_store(), **fields)
    if args.json:
        ctx.emit_json(block_json(block))
    else:
        ctx.print(str(block.id))
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table
    from rich.text import Text

    week = Week.of(ctx.today) if args.week is None else Week.parse(args.week)
    store = ctx.open_store()
    blocks = service.blocks_in_week(store, week)
    if args.json:
        ctx.emit_json([block_json(block) for block in blocks])
        return 0
    if not blocks:
        ctx.print(
            f"No time blocks in {week}: add one with "
            "`planner blocks add --kind prospecting --day mon --start 09:00 --end 11:00`."
        )
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold", title=f"{week}  {week.span}")
    for column in ("id", "day", "start", "end", "kind", "minutes", "label"):
        table.add_column(column, justify="right" if column in ("id", "minutes") else "left")
    for block in blocks:
        day = block.weekday.label[:3] + ("" if block.is_weekly else f" {block.date} (once)")
        table.add_row(
            str(block.id),
            day,
            f"{block.start:%H:%M}",
            f"{block.end:%H:%M}",
            block.kind.label,
            str(block.minutes),
            Text(block.label),
        )
    console = ctx.console()
    console.print(table)
    totals = blocked_minutes(store.blocks.values(), week)
    parts = ", ".join(f"{kind.label} {minutes} min" for kind, minutes in totals.items() if minutes)
    share = prospecting_share(totals[BlockKind.PROSPECTING], totals)
    console.print(f"Blocked: {parts}. Prospecting is {share:.0f} % of blocked time.")
    return 0


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    block_id = parse_id(args.id, "block")
    changes = {name: getattr(args, name) for name in _FIELDS if getattr(args, name) is not None}
    block = service.edit_block(ctx.open_store(), block_id, **changes)
    if args.json:
        ctx.emit_json(block_json(block))
    else:
        ctx.print(f"Saved block {block.id}: {block.describe()}.")
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    block_id = parse_id(args.id, "block")
    store = ctx.open_store()
    described = store.block(block_id).describe()
    service.remove_block(store, block_id)
    ctx.print(f"Removed block {block_id} ({described}).")
    return 0
