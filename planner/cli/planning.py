"""`planner plan|touches|done|skip|pin|move|review|heatmap`: the weekly session, headless."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Sequence
from datetime import date
from typing import TYPE_CHECKING

from planner import service
from planner.cli.common import Context, add_json_flag, add_stated_flags, parse_id
from planner.cli.render import touch_json
from planner.cli.tables import Column, PlainTable, clean, styled, write_lines
from planner.domain.enums import BlockKind, Purpose, Tier, TouchStatus
from planner.domain.errors import ValidationError
from planner.domain.model import Contact, Touch
from planner.domain.rules import GoalProgress
from planner.domain.text import count
from planner.domain.validation import parse_int, parse_status
from planner.domain.weeks import Week
from planner.store import Store

if TYPE_CHECKING:
    from rich.console import Console

    from planner.engine import HeatMap, HeatRow

#: How many of each tier's coldest contacts `planner heatmap` shows unless told.
HEAT_LIMIT = 20


def register(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser("plan", help="plan (or re-plan) a week and print it")
    plan.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(plan)
    plan.set_defaults(handler=cmd_plan)

    touches = commands.add_parser("touches", help="the touches of a week")
    touches.add_argument("--week", metavar="2026-W48", help="default: this week")
    touches.add_argument("--status", metavar="S", help="planned, done, skipped or missed")
    add_json_flag(touches)
    touches.set_defaults(handler=cmd_touches)

    done = commands.add_parser("done", help="check a touch off")
    done.add_argument("id", metavar="ID")
    done.add_argument("--note", metavar="TEXT", help="what came of it")
    done.add_argument("--follow-up", action="store_true", help="plan a follow-up next week")
    add_stated_flags(done)
    done.set_defaults(handler=cmd_done)

    skip = commands.add_parser("skip", help="skip a touch (again: back to planned)")
    skip.add_argument("id", metavar="ID")
    skip.set_defaults(handler=cmd_skip)

    pin = commands.add_parser("pin", help="pin a touch so re-planning keeps it (again: unpin)")
    pin.add_argument("id", metavar="ID")
    pin.set_defaults(handler=cmd_pin)

    move = commands.add_parser("move", help="move a touch to another slot")
    move.add_argument("id", metavar="ID")
    move.add_argument("--date", required=True, metavar="YYYY-MM-DD")
    move.add_argument("--start", required=True, metavar="HH:MM")
    move.set_defaults(handler=cmd_move)

    review = commands.add_parser("review", help="a week looked back on")
    review.add_argument("--week", metavar="2026-W48", help="default: this week")
    add_json_flag(review)
    review.set_defaults(handler=cmd_review)

    heat = commands.add_parser(
        "heatmap",
        help="who is going cold: contacts by tier over weeks",
        description="Done touches per contact per week, by tier and coldest first. The grid "
        f"shows the {HEAT_LIMIT} coldest contacts of each tier and says how many more there "
        "are; --all shows every contact, --limit N the N coldest of each tier. --json always "
        "lists every contact.",
    )
    heat.add_argument("--weeks", default="12", metavar="N", help="4 to 52 (default 12)")
    heat.add_argument(
        "--limit",
        default=str(HEAT_LIMIT),
        metavar="N",
        help=f"the N coldest contacts of each tier (default {HEAT_LIMIT})",
    )
    heat.add_argument("--all", action="store_true", help="every contact of every tier")
    add_json_flag(heat)
    heat.set_defaults(handler=cmd_heatmap)


def _week(ctx: Context, text: str | None) -> Week:
    return Week.of(ctx.today) if text is None else Week.parse(text)


def _json_of(store: Store) -> Callable[[Touch], dict[str, object]]:
    return lambda touch: touch_json(touch, store.find_contact(touch.contact_id))


def cmd_plan(ctx: Context, args: argparse.Namespace) -> int:
    week = _week(ctx, args.week)
    store = ctx.open_store()
    if week.sunday < ctx.today:
        raise ValidationError("week", f"{week} is over: plan this week or a later one.")
    ended = service.blocked_time_over(store, week, ctx.now)
    if ended is not None:
        raise ValidationError(
            "week",
            f"The blocked time of {week} is over (its last block ended {ended:%a %d %b %H:%M}), "
            f"so nothing can be planned in it; plan next week: planner plan --week "
            f"{week.shift(1)}",
        )
    calendars = service.week_busy(store, week)  # due calendars fetched first, 5 s at most
    plan = service.plan(store, week, ctx.now, calendars.busy)
    if args.json:
        ctx.emit_json(plan.to_json(_json_of(store)))
        for line in calendars.warnings():
            print(f"planner: warning: {line}", file=ctx.err)
        return 0
    touches = plan.touches
    carried = sum(1 for touch in plan.add if touch.carried_over)
    head = f"{week}  {week.span}: {count(len(plan.add), 'touch')} planned"
    head += f", {carried} carried over" if carried else ""
    kept = len(plan.keep)
    head += f", {kept} kept" if kept else ""
    ctx.print(head + ".")
    _agenda(ctx, store, touches)
    if plan.unplaced:
        ctx.print(f"\nDid not fit ({len(plan.unplaced)}):")
        for item in plan.unplaced[:30]:
            ctx.print(f"  {item.name} — {item.reason}")
        if len(plan.unplaced) > 30:
            ctx.print(f"  … and {len(plan.unplaced) - 30:,} more (--json lists them all).")
    summary = plan.summary
    blocked = sum(summary.blocked_minutes.values())
    planned = sum(summary.planned_minutes.values())
    ctx.print(
        f"\nBlocked {blocked} min, touches fill {planned} min; prospecting "
        f"{summary.prospecting_share:.0f} % of blocked time if all is done."
    )
    meetings = sum(summary.busy_minutes.values())
    if store.calendars:
        ctx.print(f"Meetings in your calendars take {meetings} min of the blocked time.")
    ctx.print(
        "Per tier: "
        + ", ".join(f"{t.value} {summary.by_tier[t]}" for t in Tier)
        + "; per purpose: "
        + ", ".join(f"{p.label} {n}" for p, n in summary.by_purpose.items() if n)
        + "."
    )
    for progress in summary.goals:
        ctx.print(_goal_line(progress, "plan meets it" if progress.met else "plan falls short"))
    for line in calendars.warnings():
        ctx.print(f"  ! {line}")
    if summary.to_sort:
        ctx.print(
            f"{summary.to_sort:,} contacts to sort: press T in the app (they are not planned "
            "until each has a tier; `planner contacts list --to-sort` lists them)."
        )
    return 0


def _goal_line(progress: GoalProgress, verdict: str) -> str:
    return f"  {progress.goal.describe()}: {progress.text} — {verdict}"


def _agenda(ctx: Context, store: Store, touches: Sequence[Touch]) -> None:
    day: date | None = None
    for touch in touches:
        if touch.date != day:
            day = touch.date
            ctx.print(f"\n{day:%A %d %B}")
        contact = store.find_contact(touch.contact_id)
        who = _who(contact, touch)
        when = (
            f"{touch.start:%H:%M}–{touch.end:%H:%M}" if touch.start and touch.end else "     —     "
        )
        status = "" if touch.status is TouchStatus.PLANNED else f" [{touch.status.value}]"
        flags = (" (carried over)" if touch.carried_over else "") + (
            " (pinned)" if touch.pinned else ""
        )
        ctx.print(
            f"  #{touch.id:<5} {when}  {who:<34} {touch.purpose.label} by "
            f"{touch.channel.label}{status}{flags}"
        )
        if touch.reason:
            ctx.print(f"         {touch.reason}")


def _who(contact: Contact | None, touch: Touch) -> str:
    if contact is None:
        return f"(removed contact #{touch.contact_id})"
    return f"{contact.name} ({contact.tier.value} {contact.relationship.label})"


def cmd_touches(ctx: Context, args: argparse.Namespace) -> int:
    week = _week(ctx, args.week)
    status = None if args.status is None else parse_status(args.status)
    store = ctx.open_store()
    touches = [t for t in store.week_touches(week) if status is None or t.status is status]
    if args.json:
        convert = _json_of(store)
        ctx.emit_json([convert(touch) for touch in touches])
        return 0
    if not touches:
        ctx.print(
            f"No touches in {week}"
            + (f" with status {status.value}" if status else "")
            + ": plan the week with `planner plan`."
        )
        return 0
    ctx.print(f"{week}  {week.span}: {count(len(touches), 'touch')}")
    _agenda(ctx, store, touches)
    return 0


def _report(ctx: Context, store: Store, touch: Touch, verb: str) -> int:
    contact = store.find_contact(touch.contact_id)
    ctx.print(
        f"Touch {touch.id} ({touch.channel.label} with "
        f"{contact.name if contact else 'a removed contact'}) {verb}."
    )
    return 0


def cmd_done(ctx: Context, args: argparse.Namespace) -> int:
    touch_id = parse_id(args.id, "touch")
    store = ctx.open_store()
    planned_for = store.touch(touch_id).date
    touch = service.mark_done(
        store,
        touch_id,
        note=args.note,
        follow_up=args.follow_up,
        stated=args.stated,
        today=ctx.today,
    )
    verb = "is done; a follow-up will be planned next week" if args.follow_up else "is done"
    if args.stated is False and touch.purpose is Purpose.NETWORKING:
        verb += ", recorded as networking (the purpose was not stated)"
    if touch.date != planned_for:
        verb += (
            f"; it was planned for {planned_for:%a %d %b} and happened today, so it is on "
            f"{touch.date:%a %d %b}" + (f" {touch.start:%H:%M}" if touch.start else "")
        )
    return _report(ctx, store, touch, verb)


def cmd_skip(ctx: Context, args: argparse.Namespace) -> int:
    touch_id = parse_id(args.id, "touch")
    store = ctx.open_store()
    touch = service.skip(store, touch_id)
    return _report(
        ctx,
        store,
        touch,
        "is skipped" if touch.status is TouchStatus.SKIPPED else "is planned again",
    )


def cmd_pin(ctx: Context, args: argparse.Namespace) -> int:
    touch_id = parse_id(args.id, "touch")
    store = ctx.open_store()
    touch = service.toggle_pin(store, touch_id)
    return _report(
        ctx, store, touch, "is pinned: re-planning keeps it" if touch.pinned else "is unpinned"
    )


def cmd_move(ctx: Context, args: argparse.Namespace) -> int:
    touch_id = parse_id(args.id, "touch")
    store = ctx.open_store()
    touch = service.move_touch(
        store, touch_id, day=args.date, start=args.start, now=ctx.now, fetch=True
    )
    assert touch.start is not None and touch.end is not None
    return _report(
        ctx, store, touch, f"moved to {touch.date:%a %d %b} {touch.start:%H:%M}–{touch.end:%H:%M}"
    )


def cmd_review(ctx: Context, args: argparse.Namespace) -> int:
    from rich.table import Table

    week = _week(ctx, args.week)
    store = ctx.open_store()
    review = service.review(store, week, ctx.today)
    if args.json:
        ctx.emit_json(review.to_json(_json_of(store)))
        return 0
    ctx.print(f"Review of {week}  {week.span}")
    table = Table(box=None, pad_edge=False, header_style="bold")
    for column in ("", "planned", "done"):
        table.add_column(column, justify="left" if not column else "right")
    for tier in Tier:
        tally = review.by_tier[tier]
        table.add_row(f"tier {tier.value}", str(tally.planned), str(tally.done))
    for purpose, tally in review.by_purpose.items():
        if tally.planned:
            table.add_row(purpose.label, str(tally.planned), str(tally.done))
    for channel, tally in review.by_channel.items():
        if tally.planned:
            table.add_row(f"by {channel.label}", str(tally.planned), str(tally.done))
    console = ctx.console()
    console.print(table)
    blocked = sum(review.blocked_minutes.values())
    ctx.print(
        f"Prospecting: {review.prospecting_minutes} min done, "
        f"{review.prospecting_share:.0f} % of {blocked} blocked minutes "
        f"({review.blocked_minutes[BlockKind.PROSPECTING]} min set aside for it)."
    )
    if review.goals:
        ctx.print("Goals:")
        streaks = service.goal_streaks(store, [each.goal for each in review.goals], week)
        for progress in review.goals:
            ctx.print(_goal_line(progress, streaks[progress.goal.id].text))
    if review.cold:
        ctx.print(f"Gone cold (warmth below {store.settings.cold_below:g}): {len(review.cold)}")
        for cold in review.cold[:20]:
            ctx.print(
                f"  {cold.tier.value}  {cold.name:<30} warmth {cold.warmth:.2f}, last "
                f"touch {cold.last_done}"
            )
    if review.unfinished:
        ctx.print(f"Unfinished ({len(review.unfinished)}), carried into the next plan:")
        _agenda(ctx, store, review.unfinished)
    return 0


def cmd_heatmap(ctx: Context, args: argparse.Namespace) -> int:
    weeks = parse_int(args.weeks, "weeks", "--weeks", minimum=4, maximum=52)
    limit = (
        None
        if args.all
        else parse_int(args.limit, "limit", "--limit", minimum=1, maximum=1_000_000)
    )
    store = ctx.open_store()
    heat = service.heat(store, ctx.today, weeks)
    if args.json:
        ctx.emit_json(heat.to_json())
        return 0
    if not heat.rows:
        ctx.print("No contacts yet: add some with `planner contacts add` or `planner import`.")
        return 0
    write_lines(ctx.out, heat_grid(ctx.colour_console(), heat, limit))
    for tier in heat.tiers:
        if tier.contacts:
            per_week = sum(tier.touches) / len(heat.weeks)
            ctx.print(
                f"Tier {tier.tier.value}: {tier.contacts} contacts, {per_week:.1f} touches "
                f"a week, {tier.in_cadence_share:.0f} % touched within their cadence."
            )
    return 0


def heat_grid(console: Console | None, heat: HeatMap, limit: int | None) -> Iterator[str]:
    """The heat map's lines: a heading, each tier's `limit` coldest rows (every row when None)
    with a line saying how many more there are, and the legend. Laid out as the Rich table of
    earlier versions laid out every row, one line at a time."""
    shown: list[HeatRow] = []
    hidden: dict[Tier, int] = {}
    for tier in Tier:
        rows = [row for row in heat.rows if row.tier is tier]
        cut = rows if limit is None else rows[:limit]
        shown.extend(cut)
        if len(rows) > len(cut):
            hidden[tier] = len(rows) - len(cut)
    names = [clean(row.name) for row in shown]
    table = PlainTable(
        [
            Column("tier"),
            Column("contact", most=28).fitted(names),
            *(Column(f"W{week.number:02d}", "center", width=3) for week in heat.weeks),
            Column("warmth", "right"),
        ]
    )
    yield styled(console, table.header(), "bold")
    lead = PlainTable(table.columns[:2])
    gap = table.columns[2].width - 1
    # Each week's cell as the table pads it, in its colour: rows are put together from these.
    cells = [
        " " * (gap // 2) + styled(console, shade, _heat_style(count)) + " " * (gap - gap // 2)
        for count, shade in enumerate(service.HEAT_SHADES)
    ]
    most = len(cells) - 1
    blank = " " * (table.columns[0].width + 2)
    index = 0
    for tier in Tier:
        while index < len(shown) and shown[index].tier is tier:
            row, name = shown[index], names[index]
            index += 1
            grid = "  ".join(cells[count if count < most else most] for count in row.counts)
            yield f"{lead.line((row.tier.value, name))}  {grid}  {row.warmth:>6.2f}"
        if tier in hidden:
            yield f"{blank}… and {hidden[tier]:,} more in tier {tier.value}"
    legend = "  ".join(f"{shade} {words}" for shade, words in service.HEAT_LEGEND)
    yield styled(console, table.centred(legend + " done touches a week"), "table.caption")
    if hidden:
        yield (
            f"The {limit} coldest contacts of each tier: --all shows all "
            f"{len(heat.rows):,}, --limit N the N coldest."
        )


def _heat_style(count: int) -> str:
    return ("dim", "green", "bold green", "bold bright_green")[min(count, 3)]
