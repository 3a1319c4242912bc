"""`planner demo`: fill an empty database with a realistic network."""

from __future__ import annotations

import argparse
import time

from planner.cli.common import Context
from planner.demo import build_demo, check_size


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser(
        "demo",
        help="fill an empty database with a seeded demo network",
        description="Fill an EMPTY database with a realistic, seeded network: contacts of "
        "every tier and relationship, weekly blocks, goals and weeks of history. "
        "`--contacts 30000 --weeks 260` builds a large database for benchmarks.",
    )
    demo.add_argument("--contacts", default="80", metavar="N", help="how many (default 80)")
    demo.add_argument("--weeks", default="10", metavar="W", help="weeks of history (default 10)")
    demo.add_argument("--seed", default="7", metavar="S", help="random seed (default 7)")
    demo.set_defaults(handler=cmd_demo)


def cmd_demo(ctx: Context, args: argparse.Namespace) -> int:
    size = check_size(args.contacts, args.weeks, args.seed)
    store = ctx.open_store()
    started = time.perf_counter()
    build_demo(store, ctx.today, size)
    seconds = time.perf_counter() - started
    ctx.print(
        f"Demo network in {store.path}: {len(store.contacts):,} contacts, "
        f"{store.touch_count:,} touches, {len(store.blocks)} blocks, "
        f"{len(store.goals)} goals ({seconds:.1f} s)."
    )
    return 0
