"""The week screen's agenda: days, blocks, free time and touches as rows; the strips around it.

Pure drawing: given the week's touches and blocks, what the rows are and how each looks. The
week screen (`planner.ui.screens.week`) holds the state and the keys.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from rich.text import Text

from planner.domain.busy import Busy, busy_minutes_within
from planner.domain.enums import BlockKind, GoalMetric, TouchStatus
from planner.domain.model import Contact, Settings, TimeBlock, Touch, minutes_of
from planner.domain.rules import (
    GoalProgress,
    blocked_minutes,
    prospecting_share,
    touch_minutes,
)
from planner.domain.text import count
from planner.domain.weeks import Week
from planner.ui.render import Palette, purpose_text, status_mark, status_text, tier_badge
from planner.ui.widgets.table import Column

if TYPE_CHECKING:
    from planner.engine import Plan

#: On a narrow terminal the contact and status columns narrow first; then the relationship,
#: the tier and the channel go, in that order (the reason names tier and relationship), so
#: that time, who, purpose, status and why stay; the reason goes last.
COLUMNS = [
    Column("time", "Time", 11),
    Column("mark", "", 1),
    Column("contact", "Contact", 24, shrink_to=16),
    Column("tier", "Tier", 4, align="center", drop=2),
    Column("relationship", "Relation", 10, drop=1),
    Column("purpose", "Purpose", 12),
    Column("channel", "Channel", 7, drop=3),
    Column("status", "Status", 14, shrink_to=7),
    Column("reason", "Why", 0, min_width=24, drop=4),
]

NO_BLOCKS = "No time blocks this week: press b, then a, to add one."
NOTHING_PLANNED = "Nothing planned yet: press p to plan the week."


@dataclass(slots=True)
class Agenda:
    """The rows of a week: touch ids, and headings (days, blocks, free time) by key."""

    keys: list[object] = field(default_factory=list)
    sections: list[object] = field(default_factory=list)
    lines: dict[str, Text] = field(default_factory=dict)

    def heading(self, key: str, text: Text) -> None:
        self.lines[key] = text
        self.keys.append(key)
        self.sections.append(key)


def agenda_rows(
    week: Week,
    touches: Sequence[Touch],
    blocks: Sequence[TimeBlock],
    now: datetime,
    palette: Palette,
    busy: Sequence[Busy] = (),
) -> Agenda:
    """Each day with blocks or touches: its blocks in order, the touches inside each with the
    free time between them and the calendar events (`busy`) that cut into the block, dimmed,
    then the touches outside any block."""
    rows = Agenda()
    by_day: dict[date, list[Touch]] = {}
    for touch in touches:
        by_day.setdefault(touch.date, []).append(touch)
    busy_by_day: dict[date, list[Busy]] = {}
    for event in busy:
        busy_by_day.setdefault(event.date, []).append(event)
    for day in week.days:
        day_blocks = [block for block in blocks if day in block.occurrences(week)]
        day_touches = by_day.get(day, [])
        if not day_blocks and not day_touches:
            continue
        past = day < now.date()
        title = Text(f"{day:%A %d %B}", style="dim" if past else f"bold {palette.primary}")
        if day == now.date():
            title.append("  today", style=f"bold {palette.accent}")
        rows.heading(f"day-{day}", title)
        placed: set[int] = set()
        for block in day_blocks:
            inside = [t for t in day_touches if _inside(t, block)]
            placed.update(t.id for t in inside)
            rows.heading(f"block-{day}-{block.id}", _block_title(block, past))
            low, high = minutes_of(block.start), minutes_of(block.end)
            cut = [each for each in busy_by_day.get(day, ()) if each.overlaps(low, high)]
            if block.kind is BlockKind.ADMIN and not inside and not cut:
                continue
            items: list[tuple[int, int, Touch | Busy]] = [
                (max(low, each.blocked[0]), 0, each) for each in cut
            ]
            items += [(minutes_of(t.start or block.start), 1, t) for t in inside]
            cursor = low
            for number, (begin, _, item) in enumerate(sorted(items, key=lambda i: i[:2])):
                if begin - cursor >= 15:
                    rows.heading(f"free-{day}-{block.id}-{cursor}", _free(cursor, begin))
                if isinstance(item, Busy):
                    rows.heading(f"busy-{day}-{block.id}-{number}", _busy(item))
                    cursor = max(cursor, min(high, item.blocked[1]))
                    continue
                rows.keys.append(item.id)
                cursor = max(cursor, minutes_of(item.end or item.start or block.start))
            if high - cursor >= 15:
                rows.heading(f"free-{day}-{block.id}-{cursor}", _free(cursor, high))
        others = [t for t in day_touches if t.id not in placed]
        if others:
            rows.heading(f"other-{day}", Text("   outside the blocks", style="dim italic"))
            rows.keys.extend(touch.id for touch in others)
    if blocks and not touches:
        rows.keys.insert(0, "hint")
        rows.sections.insert(0, "hint")
        rows.lines["hint"] = Text(
            "Nothing planned yet: press p to fill the blocks below with the right people.",
            style="italic",
        )
    return rows


def meeting_minutes(week: Week, blocks: Sequence[TimeBlock], busy: Sequence[Busy]) -> int:
    """How many minutes of the week's blocked time the calendars' events (with the time kept
    free around them) take."""
    total = 0
    for block in blocks:
        for day in block.occurrences(week):
            total += busy_minutes_within(busy, day, minutes_of(block.start), minutes_of(block.end))
    return total


def first_to_do(touches: Sequence[Touch], now: datetime) -> int | None:
    """The touch the cursor starts on: the next one still to do, else any open, else the first."""
    open_touches = [t for t in touches if t.is_open]
    upcoming = [t for t in open_touches if datetime.combine(t.date, t.start or time()) >= now]
    chosen = upcoming or open_touches or list(touches)
    return chosen[0].id if chosen else None


def touch_row(
    touch: Touch, contact: Contact | None, today: date, palette: Palette
) -> list[Text | str]:
    """One touch as the agenda shows it."""
    when = "" if touch.start is None else f"{touch.start:%H:%M}–{(touch.end or touch.start):%H:%M}"
    # Skipped and missed touches are dimmed, and so is every touch of a day gone by.
    faded = touch.status in (TouchStatus.SKIPPED, TouchStatus.MISSED) or touch.date < today
    dim = "dim" if faded else ""
    name = Text(contact.name if contact else f"(removed #{touch.contact_id})", style=dim)
    if touch.note:
        name.append("  ✎", style="dim")
    return [
        Text(when, style=dim),
        status_mark(touch, palette),
        name,
        tier_badge(contact.tier, palette) if contact else "",
        Text(contact.relationship.label if contact else "", style=dim),
        purpose_text(touch.purpose, palette),
        Text(touch.channel.label, style=dim),
        status_text(touch, palette),
        Text(touch.reason.split(" — ")[0], style="dim"),
    ]


def touch_details(touch: Touch, palette: Palette) -> Text:
    """What the contact card says about one touch: when, how, why, the note."""
    extra = Text()
    when = f"{touch.date:%A %d %B}" + (
        f", {touch.start:%H:%M}–{touch.end:%H:%M}" if touch.start and touch.end else ""
    )
    extra.append("This touch  ", style="bold")
    extra.append(f"{when} · {touch.channel.label} · ")
    extra.append_text(purpose_text(touch.purpose, palette))
    extra.append(" · ")
    extra.append_text(status_text(touch, palette))
    if touch.reason:
        extra.append("\nWhy         ", style="bold")
        extra.append(touch.reason)
    if touch.note:
        extra.append("\nNote        ", style="bold")
        extra.append(touch.note)
    return extra


def goal_strip(
    touches: Sequence[Touch], goals: int, progress: Sequence[GoalProgress], palette: Palette
) -> list[Text]:
    """The line over the agenda: prospecting share, touches done, referral asks, goals met.
    `progress` may leave out goals still being counted (`goals` is how many there are).
    Versions fullest first: wide separators, narrow ones, then without the referral asks
    (counted among the goals met) for a narrow terminal."""
    counting = goals - len(progress)  # measured once the network is read
    counted = [t for t in touches if t.status is not TouchStatus.SKIPPED]
    done = sum(1 for t in touches if t.status is TouchStatus.DONE)
    parts: list[tuple[str, str, bool | None]] = []  # label, value, met (None: no goal)

    def first(metric: GoalMetric) -> GoalProgress | None:
        return next((each for each in progress if each.goal.metric is metric), None)

    share, asks = first(GoalMetric.PROSPECTING_SHARE), first(GoalMetric.REFERRAL_ASKS)
    if share is not None:
        parts.append(("Prospecting", f"{share.value:.0f} % of {share.goal.target:g} %", share.met))
    parts.append(("Touches", f"{done} of {len(counted)} done", None))
    asked = ("Referral asks", f"{asks.value:g} of {asks.goal.target:g}", asks.met) if asks else None
    if asked is not None:
        parts.append(asked)
    if goals:
        met = sum(1 for each in progress if each.met)
        if counting:
            parts.append(
                ("Goals met", f"{met} of {len(progress)} (+{counting} being counted)", None)
            )
        else:
            parts.append(("Goals met", f"{met} of {goals}", met == goals))
    else:
        parts.append(("Goals", "none yet: press g, then a", None))

    def strip(shown: list[tuple[str, str, bool | None]], separator: str) -> Text:
        line = Text(no_wrap=True, overflow="ellipsis")
        for label, value, met in shown:
            if line:
                line.append(separator, style="dim")
            line.append(f"{label} ", style="bold")
            line.append(
                value, style="" if met is None else (palette.success if met else palette.warning)
            )
        return line

    fewer = [part for part in parts if part is not asked]
    return [strip(parts, "   ·   "), strip(parts, " · "), strip(fewer, " · ")]


def week_summary(
    week: Week,
    touches: Sequence[Touch],
    blocks: Sequence[TimeBlock],
    settings: Settings,
    unplaced: int,
    meetings: int = 0,
) -> list[str]:
    """The line under the agenda: time blocked, its prospecting share, how full it is, how
    much of it meetings in the calendars take. Versions fullest first; the shortest, for a
    narrow terminal, keeps who did not fit."""
    blocked = blocked_minutes(blocks, week)
    total = sum(blocked.values())
    working = total - blocked[BlockKind.ADMIN]
    planned = sum(
        touch_minutes(t, settings)
        for t in touches
        if t.block_id is not None and t.status is not TouchStatus.SKIPPED
    )
    share = prospecting_share(blocked[BlockKind.PROSPECTING], blocked)
    carried = sum(1 for t in touches if t.carried_over)
    text = (
        f"Blocked {total} min, {share:.0f} % of it for prospecting · "
        f"touches fill {planned} of {working} min"
    )
    short = f"{total} min blocked, {share:.0f} % prospecting · {planned} of {working} min filled"
    if meetings:
        text += f" · meetings take {meetings} min"
        short += f" · meetings {meetings} min"
    shorter = f"{total} min blocked, {share:.0f} % prospecting · {planned} of {working} min filled"
    if carried:
        text += f" · {carried} carried over"
        short += f" · {carried} carried over"
    if unplaced:
        text += f" · {unplaced} did not fit (u)"
        short += f" · {unplaced} did not fit (u)"
        shorter += f" · {unplaced} did not fit (u)"
    return [text, short, shorter]


def done_words(before: Touch, touch: Touch, words: str, shown: Week) -> str:
    """What a check-off says; a touch done before its day moved to today says so."""
    if before.date == touch.date:
        return words
    moved = f"{words[:-1]}; it happened today, so it moved from {before.date:%a %d %b} to "
    moved += f"today{'' if touch.start is None else f' {touch.start:%H:%M}'}"
    if Week.of(touch.date) != shown:
        moved += " (t shows this week)"
    return moved + "."


def moved_words(touch: Touch, shown: Week) -> str:
    """`moved to Wed 25 Nov 09:30`, and which key shows it when it left the shown week."""
    moved = f"moved to {touch.date:%a %d %b}"
    if touch.start is not None:
        moved += f" {touch.start:%H:%M}"
    if Week.of(touch.date) != shown:
        ahead = Week.of(touch.date) > shown
        moved += f", in {Week.of(touch.date)} ({']' if ahead else '['} shows it)"
    return moved + "."


def planned_words(plan: Plan) -> str:
    """What planning a week says: how many, how many carried over, how many did not fit."""
    carried = sum(1 for t in plan.add if t.carried_over)
    message = f"Planned {count(len(plan.add), 'touch')} for {plan.week}"
    if carried:
        message += f", {carried} carried over"
    if plan.unplaced:
        message += f"; {len(plan.unplaced)} did not fit (press u to see who and why)"
    if plan.summary.to_sort:
        message += f"; {plan.summary.to_sort:,} contacts to sort: press T"
    return message + "."


def _inside(touch: Touch, block: TimeBlock) -> bool:
    if touch.start is None:
        return False
    if touch.block_id is not None:
        return touch.block_id == block.id
    return minutes_of(block.start) <= minutes_of(touch.start) < minutes_of(block.end)


def _block_title(block: TimeBlock, past: bool) -> Text:
    text = Text(
        f"   {block.kind.label.capitalize()} {block.start:%H:%M}–{block.end:%H:%M}",
        style="dim" if past else "bold",
    )
    if block.label:
        text.append(f" · {block.label}", style="dim italic")
    if block.kind is BlockKind.ADMIN:
        text.append("  (admin: no touches planned here)", style="dim")
    return text


def _busy(event: Busy) -> Text:
    """`      busy 10:00–11:00  Customer demo · work`, dimmed: an event of the user's calendar."""
    title = event.summary.strip() or "an event without a title"
    text = Text(f"      busy {event.start:%H:%M}–{event.label_end}  ", style="dim")
    text.append(title, style="dim italic")
    text.append(f" · {event.calendar}", style="dim")
    if event.buffer:
        text.append(f" (+{event.buffer} min around)", style="dim")
    return text


def _free(start: int, end: int) -> Text:
    return Text(
        f"      free {start // 60:02d}:{start % 60:02d}–{end // 60:02d}:{end % 60:02d}"
        f" ({end - start} min)",
        style="dim",
    )
