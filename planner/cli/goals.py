"""`planner goals add|list|edit|remove`: the written weekly targets."""

from __future__ import annotations

import argparse

from planner import service
from planner.cli.common import Context, add_json_flag, parse_id
from planner.cli.render import goal_json
from planner.domain.enums import Channel, GoalMetric
from planner.domain.weeks import Week

_METRICS = ", ".join(GoalMetric.tokens())
_CHANNELS = ", ".join(Channel.tokens())


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser("goals", help="add, list, edit, remove weekly goals")
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser("add", help="write down a weekly target")
    add.add_argument("--metric", required=True, help=_METRICS)
    add.add_argument("--target", required=True, metavar="N", help="a number; a share is 0-100")
    add.add_argument("--tier", metavar="A|B|C", help="only for touches_done")
    add.add_argument("--channel", metavar="C", help=f"only for touches_done: {_CHANNELS}")
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="goals with the week's progress and whether met")
    listing.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(listing)
    listing.set_defaults(handler=cmd_list)

    edit = sub.add_parser("edit", help="change a goal")
    edit.add_argument("id", metavar="ID")
    edit.add_argument("--metric", help=_METRICS)
    edit.add_argument("--target", metavar="N")
    edit.add_argument("--tier", metavar="A|B|C", help="'' removes the tier")
    edit.add_argument("--channel", metavar="C", help="'' removes the channel")
    add_json_flag(edit)
    edit.set_defaults(handler=cmd_edit)

    remove = sub.add_parser("remove", help="delete a goal")
    remove.add_argument("id", metavar="ID")
    remove.set_defaults(handler=cmd_remove)


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    goal = service.add_goal(
        store, metric=args.metric, target=args.target, tier=args.tier, channel=args.channel
    )
    if args.json:
        progress = service.goal_progress(store, goal, Week.of(ctx.today))
        ctx.emit_json(goal_json(goal, progress))
    else:
        ctx.print(str(goal.id))
    return 0


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    week = Week.of(ctx.today) if args.week is None else Week.parse(args.week)
    store = ctx.open_store()
    goals = sorted(store.goals.values(), key=lambda goal: goal.id)
    progress = [service.goal_progress(store, goal, week) for goal in goals]
    if args.json:
        ctx.emit_json([goal_json(goal, each) for goal, each in zip(goals, progress, strict=True)])
        return 0
    if not goals:
        ctx.print(
            "No goals yet: add one with `planner goals add --metric prospecting_share --target 40`."
        )
        return 0
    table = Table(box=None, pad_edge=False, header_style="bold", title=f"{week}  {week.span}")
    for column in ("id", "goal", "progress", ""):
        table.add_column(column, justify="right" if column == "id" else "left")
    for goal, each in zip(goals, progress, strict=True):
        table.add_row(str(goal.id), goal.describe(), each.text, "met" if each.met else "not yet")
    ctx.console().print(table)
    return 0


def cmd_edit(ctx: Context, args: argparse.Namespace) -> int:
    goal_id = parse_id(args.id, "goal")
    store = ctx.open_store()
    changes = {name: getattr(args, name) for name in ("metric", "target", "tier", "channel")}
    goal = service.edit_goal(store, goal_id, **{k: v for k, v in changes.items() if v is not None})
    if args.json:
        ctx.emit_json(goal_json(goal, service.goal_progress(store, goal, Week.of(ctx.today))))
    else:
        ctx.print(f"Saved goal {goal.id}: {goal.describe()}.")
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    goal_id = parse_id(args.id, "goal")
    store = ctx.open_store()
    described = store.goal(goal_id).describe()
    service.remove_goal(store, goal_id)
    ctx.print(f"Removed goal {goal_id} ({described}).")
    return 0
