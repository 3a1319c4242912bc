"""`planner log`: record a touch that happened without being planned."""

from __future__ import annotations

import argparse

from planner import service
from planner.cli.common import Context, add_json_flag, add_stated_flags, parse_id
from planner.cli.render import touch_json
from planner.domain.enums import Channel, Purpose
from planner.domain.validation import parse_time


def register(commands: argparse._SubParsersAction) -> None:
    log = commands.add_parser("log", help="record a done touch (met someone, had a call)")
    log.add_argument("contact_id", metavar="CONTACT_ID")
    log.add_argument("--channel", required=True, help=", ".join(Channel.tokens()))
    log.add_argument("--purpose", required=True, help=", ".join(Purpose.tokens()))
    log.add_argument("--date", metavar="YYYY-MM-DD", help="default: today")
    log.add_argument("--time", metavar="HH:MM", help="when it started (optional)")
    log.add_argument("--note", default="", metavar="TEXT", help="outcome note")
    log.add_argument("--follow-up", action="store_true", help="plan a follow-up next week")
    add_stated_flags(log)
    add_json_flag(log)
    log.set_defaults(handler=cmd_log)


def cmd_log(ctx: Context, args: argparse.Namespace) -> int:
    contact_id = parse_id(args.contact_id, "contact")
    store = ctx.open_store()
    touch = service.log_touch(
        store,
        contact_id,
        channel=args.channel,
        purpose=args.purpose,
        day=ctx.today if args.date is None else args.date,
        start=None if args.time is None else parse_time(args.time, "time", "Time"),
        note=args.note,
        follow_up=args.follow_up,
        today=ctx.today,
        stated=args.stated,
    )
    if args.json:
        ctx.emit_json(touch_json(touch, store.find_contact(contact_id)))
    else:
        contact = store.contact(contact_id)
        ctx.print(
            f"Logged {touch.channel.label} with {contact.name} on {touch.date} (touch {touch.id})"
            + (", as networking: the purpose was not stated." if args.stated is False else ".")
        )
    return 0
