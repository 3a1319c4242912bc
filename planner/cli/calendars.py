"""`planner calendars add|list|remove|refresh|met`, `planner busy` and `planner publish`: the
user's calendars as busy time, meetings to log, and the week out to a CalDAV calendar."""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from datetime import date

from planner import service
from planner.cli.common import Context, add_json_flag
from planner.domain.busy import Busy
from planner.domain.calendars import PASSWORD_ENV
from planner.domain.validation import parse_int
from planner.domain.weeks import Week


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "calendars",
        help="the calendars whose events are busy time, and the one that receives the week",
        description="Events in your calendars are busy time: planning never puts a touch over "
        "them. A password is never stored: it comes from --password-command or "
        f"${PASSWORD_ENV}.",
    )
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    add = sub.add_parser(
        "add",
        help="add a calendar: an iCalendar file or URL, or a CalDAV calendar",
        description="Add a calendar and read it once. A calendar that cannot be read now is "
        "added all the same, with a warning; it is read again before the next plan.",
    )
    add.add_argument("name", metavar="NAME", help="a short name, such as work or family")
    where = add.add_mutually_exclusive_group(required=True)
    where.add_argument("--ics", metavar="PATH_OR_URL", help="an .ics file, or its http(s) address")
    where.add_argument("--caldav", metavar="URL", help="the address of a CalDAV calendar")
    add.add_argument("--user", default="", metavar="USER", help="the login for the address")
    add.add_argument(
        "--password-command",
        default="",
        metavar="CMD",
        help='a command whose first line of output is the password (e.g. "pass show dav")',
    )
    add.add_argument(
        "--all-day",
        default="free",
        metavar="busy|free",
        help="whether all-day events block the day (default: free)",
    )
    add.add_argument(
        "--buffer", default="0", metavar="MINUTES", help="kept free before and after each event"
    )
    add.add_argument(
        "--publish", action="store_true", help="this CalDAV calendar receives the planned week"
    )
    add.add_argument(
        "--alarm", metavar="MINUTES", help="with --publish: reminders this long before (10)"
    )
    add_json_flag(add)
    add.set_defaults(handler=cmd_add)

    listing = sub.add_parser("list", help="the calendars and how old their copies are")
    add_json_flag(listing)
    listing.set_defaults(handler=cmd_list)

    remove = sub.add_parser("remove", help="forget a calendar (its events stay where they are)")
    remove.add_argument("name", metavar="NAME")
    remove.set_defaults(handler=cmd_remove)

    refresh = sub.add_parser("refresh", help="read every calendar (or one) now")
    refresh.add_argument("name", nargs="?", metavar="NAME", help="default: every calendar")
    add_json_flag(refresh)
    refresh.set_defaults(handler=cmd_refresh)

    met = sub.add_parser(
        "met", help="past meetings with contacts that are not logged as touches yet"
    )
    met.add_argument(
        "--days", default=str(service.MEETING_DAYS), metavar="N", help="how far back (14)"
    )
    add_json_flag(met)
    met.set_defaults(handler=cmd_met)

    busy = commands.add_parser("busy", help="the busy time planning uses for a week")
    busy.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(busy)
    busy.set_defaults(handler=cmd_busy)

    publish = commands.add_parser(
        "publish", help="make the calendar that receives the week hold its touches"
    )
    publish.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(publish)
    publish.set_defaults(handler=cmd_publish)


def _week(ctx: Context, text: str | None) -> Week:
    return Week.of(ctx.today) if text is None else Week.parse(text)


def _warn(ctx: Context, lines: Sequence[str], *, json: bool) -> None:
    """What could not be read: in the report, or on stderr when stdout holds JSON."""
    for line in lines:
        if json:
            print(f"planner: warning: {line}", file=ctx.err)
        else:
            ctx.print(f"  ! {line}")


def cmd_add(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    calendar = service.add_calendar(
        store,
        args.name,
        ics=args.ics,
        caldav=args.caldav,
        user=args.user,
        password_command=args.password_command,
        all_day=args.all_day,
        buffer=args.buffer,
        publish=args.publish,
        alarm=args.alarm,
    )
    read = service.refresh_calendars(store, calendar.name, today=ctx.today)
    status = read.statuses[0]
    if args.json:
        ctx.emit_json(
            {
                "calendar": service.source_json(calendar.source),
                "status": read.statuses_json()[0],
            }
        )
        _warn(ctx, read.warnings(), json=True)
        return 0
    ctx.print(f"Added {calendar.name}: {service.describe_source(calendar.source)}.")
    if status.error:
        ctx.print(
            f"It cannot be read now ({status.error}); it is kept and read again before the "
            "next plan."
        )
    else:
        ctx.print(f"Read it: {_events(status.events)} this week and next.")
    _warn(ctx, [str(problem) for problem in read.problems], json=False)
    return 0


def _events(count: int) -> str:
    return f"{count} event{'s' if count != 1 else ''}"


def cmd_list(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    found = service.calendars(store)
    ages = service.copy_ages(store)
    if args.json:
        ctx.emit_json(
            {
                "calendars": [
                    service.source_json(each.source) | ages[each.id].to_json() for each in found
                ]
            }
        )
        return 0
    if not found:
        ctx.print(
            "No calendars yet: add one with `planner calendars add NAME --ics PATH_OR_URL` "
            "or `--caldav URL`."
        )
        return 0
    width = max(len(each.name) for each in found)
    for each in found:
        ctx.print(
            f"{each.name:<{width}}  {service.describe_source(each.source)} · "
            f"{ages[each.id].words()}"
        )
    return 0


def cmd_remove(ctx: Context, args: argparse.Namespace) -> int:
    calendar = service.remove_calendar(ctx.open_store(), args.name)
    note = " Its events published so far stay in it." if calendar.source.publish else ""
    ctx.print(f"Removed {calendar.name}.{note}")
    return 0


def cmd_refresh(ctx: Context, args: argparse.Namespace) -> int:
    store = ctx.open_store()
    access = service.calendar_access(store, args.name)  # an unknown name is refused first
    if not access.sources:
        ctx.print("No calendars yet: add one with `planner calendars add`.")
        return 0
    read = service.refresh_calendars(store, args.name, today=ctx.today)
    if args.json:
        ctx.emit_json({"calendars": read.statuses_json()})
        return 0
    for status in read.statuses:
        if status.error:
            ctx.print(f"{status.warning(read.checked_at)}.")
        else:
            ctx.print(f"{status.calendar}: read; {_events(status.events)} this week and next.")
        for problem in status.problems:
            ctx.print(f"  ! {problem}")
    return 0


def cmd_met(ctx: Context, args: argparse.Namespace) -> int:
    days = parse_int(args.days, "days", "--days", minimum=1, maximum=365)
    store = ctx.open_store()
    found, read = service.meetings(store, days=days, now=ctx.now)
    if args.json:
        ctx.emit_json({"suggestions": [each.to_json() for each in found]})
        _warn(ctx, read.warnings(), json=True)
        return 0
    if not store.calendars:
        ctx.print("No calendars yet: add one with `planner calendars add`.")
        return 0
    if not found:
        ctx.print(f"No meetings with contacts to log in the last {days} days.")
    else:
        ctx.print(f"Meetings with contacts in the last {days} days, not logged yet:")
        for each in found:
            when = f"{each.date:%a %d %b}" + (f" {each.start:%H:%M}" if each.start else "")
            ctx.print(f"  {when:<16} {each.name} · '{each.summary}' ({each.calendar})")
            time = f" --time {each.start:%H:%M}" if each.start else ""
            ctx.print(
                f"{'':18} planner log {each.contact_id} --channel meeting --purpose "
                f"networking --date {each.date}{time}"
            )
    _warn(ctx, read.warnings(), json=False)
    return 0


def cmd_busy(ctx: Context, args: argparse.Namespace) -> int:
    week = _week(ctx, args.week)
    store = ctx.open_store()
    read = service.week_busy(store, week)
    if args.json:
        ctx.emit_json(read.busy_json(week))
        _warn(ctx, read.warnings(), json=True)
        return 0
    if not store.calendars:
        ctx.print(
            "No calendars yet, so nothing is busy: add one with `planner calendars add NAME "
            "--ics PATH_OR_URL` or `--caldav URL`."
        )
        return 0
    if not read.busy:
        ctx.print(f"Nothing busy in {week}  {week.span}.")
    else:
        ctx.print(f"Busy in {week}  {week.span}:")
        _busy_lines(ctx, read.busy)
    _warn(ctx, read.warnings(), json=False)
    return 0


def _busy_lines(ctx: Context, busy: Sequence[Busy]) -> None:
    day: date | None = None
    for each in busy:
        if each.date != day:
            day = each.date
            ctx.print(f"\n{day:%A %d %B}")
        title = each.summary if each.summary.strip() else "(no title)"
        around = f", {each.buffer} min kept free around it" if each.buffer else ""
        ctx.print(f"  {each.start:%H:%M}–{each.label_end}  {title} ({each.calendar}{around})")


def cmd_publish(ctx: Context, args: argparse.Namespace) -> int:
    week = _week(ctx, args.week)
    store = ctx.open_store()
    target = service.publish_calendar(store)
    result = service.publish(store, week, today=ctx.today)
    name = target.name if target is not None else "calendar"
    if args.json:
        ctx.emit_json(result.to_json())
    else:
        ctx.print(f"{week}  {service.publish_words(result, name)}")
        for conflict in result.conflicts:
            ctx.print(f"  ! touch {conflict.touch_id}: {conflict.reason}")
    if result.error:
        print(
            f"planner: {name} could not be brought up to date ({result.error}); what was done "
            "is kept, and the next publish goes on from there.",
            file=ctx.err,
        )
        return 1
    return 0
