"""What the review screen shows, read and drawn: the week's numbers (the same as
`planner review`), goals with their streaks, the channel mix, the charts of the last weeks, and
the rows of its two lists (unfinished touches, contacts gone cold). The screen keeps the keys
and the state (`planner/ui/screens/review.py`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text

from planner import service
from planner.domain.enums import BlockKind, Channel, GoalMetric, Tier, TouchStatus
from planner.domain.model import Contact, Goal, Touch, format_target
from planner.domain.rules import GoalProgress
from planner.domain.weeks import Week
from planner.engine import touch_order
from planner.ui.render import Palette, contact_kind, purpose_text, tier_badge, warmth_bar
from planner.ui.widgets.charts import share_chart, tier_chart, tier_legend
from planner.ui.widgets.table import Column

if TYPE_CHECKING:
    from planner.engine import ColdContact, Review, Streak, WeekNumbers
    from planner.store import Store

UNFINISHED_COLUMNS = [
    Column("day", "Day", 6),
    Column("contact", "Contact", 0, min_width=10),
    Column("what", "Purpose, channel", 18),
    Column("status", "Status", 7),
    Column("next", "Next", 12),
]

COLD_COLUMNS = [
    Column("tier", "Tier", 4, align="center"),
    Column("contact", "Contact", 0, min_width=12),
    Column("relationship", "Relation", 10),
    Column("warmth", "Warmth", 10),
    Column("last", "Last touch", 10),
]


@dataclass(frozen=True)
class LookingBack:
    """Everything the review screen shows of one week, read from the store at once."""

    week: Week
    coming: Week
    review: Review
    numbers: list[WeekNumbers]
    streaks: dict[int, Streak]
    goals: list[Goal]
    unfinished: dict[int, Touch]
    """The week's touches still open, missed or skipped, by id, in agenda order."""
    carried: dict[int, Touch]
    """The copy carrying each unfinished touch over, where a plan has made one."""
    cold: dict[int, ColdContact]
    planned_coming: set[int]
    """Contacts with a touch planned in the coming week."""
    mix: dict[tuple[int, Week], GoalProgress]
    """The channel goals in each week of the channel mix."""

    @classmethod
    def read(
        cls,
        store: Store,
        week: Week,
        coming: Week,
        today: date,
        cold: Sequence[ColdContact] | None = None,
    ) -> LookingBack:
        """`cold`: who went cold today, when known from another week of the same data."""
        review = service.review(store, week, today, cold=cold)
        goals = sorted(store.goals.values(), key=lambda goal: goal.id)
        reads = service.WeekReads(store)  # the weeks read once for numbers, streaks and mix
        skipped = [t for t in store.week_touches(week) if t.status is TouchStatus.SKIPPED]
        unfinished = sorted((*review.unfinished, *skipped), key=touch_order)
        carried = {}
        for touch in unfinished:
            copy = service.carried_copy(store, touch)
            if copy is not None:
                carried[touch.id] = copy
        mix_weeks = [week.shift(-offset) for offset in range(service.MIX_WEEKS)]
        channel_goals = [goal for goal in goals if goal.channel is not None]
        return cls(
            week=week,
            coming=coming,
            review=review,
            numbers=service.weeks_in_numbers(store, week, reads=reads),
            streaks=service.goal_streaks(store, goals, week, reads=reads),
            goals=goals,
            unfinished={touch.id: touch for touch in unfinished},
            carried=carried,
            cold={cold.contact_id: cold for cold in review.cold},
            planned_coming={
                touch.contact_id for touch in store.week_touches(coming) if touch.is_open
            },
            mix=service.goals_over_weeks(store, channel_goals, mix_weeks, reads=reads),
        )

    def goal_of(self, metric: GoalMetric) -> Goal | None:
        """The first goal on `metric` that counts every tier and channel."""
        return next(
            (
                goal
                for goal in self.goals
                if goal.metric is metric and goal.tier is None and goal.channel is None
            ),
            None,
        )


# -------------------------------------------------------------------- the week in numbers


def prospecting_line(data: LookingBack, palette: Palette) -> Text:
    """`Prospecting  210 min done · 35 % of 600 min blocked (goal ≥ 40 %: missed)`."""
    review = data.review
    blocked = sum(review.blocked_minutes.values())
    line = Text(no_wrap=True, overflow="ellipsis")
    line.append(f"{data.week}", style="bold")
    if data.week >= data.coming:
        line.append(" (not over yet)", style="dim")
    line.append("  ·  Prospecting  ", style="bold")
    line.append(f"{review.prospecting_minutes} min done", style="bold")
    line.append(f" · {review.prospecting_share:.0f} % of {blocked} min blocked")
    share = data.goal_of(GoalMetric.PROSPECTING_SHARE)
    if share is not None:
        met = review.prospecting_share >= share.target
        line.append(f"  goal ≥ {format_target(share)}: ", style="dim")
        line.append("met" if met else "missed", style=palette.success if met else palette.warning)
    minutes = data.goal_of(GoalMetric.PROSPECTING_MINUTES)
    if minutes is not None:
        met = review.prospecting_minutes >= minutes.target
        line.append(f"  goal ≥ {minutes.target:g} min: ", style="dim")
        line.append("met" if met else "missed", style=palette.success if met else palette.warning)
    line.append(
        f"  ({review.blocked_minutes[BlockKind.PROSPECTING]} min set aside for it)", style="dim"
    )
    return line


def tally_table(data: LookingBack) -> Table:
    """Planned against done per tier, per purpose and per channel, side by side (purposes and
    channels without a touch left out; `planner review --json` has them all)."""
    review = data.review
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=False)
    for name, justify in (
        ("tier", "left"),
        ("plan", "right"),
        ("done", "right"),
        ("purpose", "left"),
        ("plan", "right"),
        ("done", "right"),
        ("channel", "left"),
        ("plan", "right"),
        ("done", "right"),
    ):
        table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
    tiers = [(tier.value, review.by_tier[tier]) for tier in Tier]
    purposes = [(p.label, tally) for p, tally in review.by_purpose.items() if tally.planned]
    channels = [(c.label, tally) for c, tally in review.by_channel.items() if tally.planned]
    for index in range(max(len(tiers), len(purposes), len(channels))):
        cells: list[str] = []
        for group in (tiers, purposes, channels):
            if index < len(group):
                label, tally = group[index]
                cells += [label, str(tally.planned), str(tally.done)]
            else:
                cells += ["", "", ""]
        table.add_row(*cells)
    return table


def goals_text(data: LookingBack, palette: Palette) -> Text:
    """Each goal met or missed with its streak: `✓ Touches done ≥ 15  17  met 3 weeks running`."""
    text = Text()
    text.append("Goals", style="bold")
    if not data.review.goals:
        text.append("\nNo goals yet: g, then a, writes one down.", style="dim")
        return text
    for progress in data.review.goals:
        goal = progress.goal
        streak = data.streaks.get(goal.id)
        text.append("\n")
        if progress.met:
            text.append("✓ ", style=f"bold {palette.success}")
        else:
            text.append("✗ ", style=palette.warning)
        text.append(goal.describe())
        value = f"{progress.value:.0f} %" if goal.metric.is_share else f"{progress.value:g}"
        text.append(f"  {value}", style="bold")
        if streak is not None:
            text.append(f"  {streak.text}", style=palette.success if streak.met else "")
    return text


def mix_text(data: LookingBack, palette: Palette) -> Text:
    """Done touches per channel in each of the last four weeks and their share, against the
    channel goals (`≥10 3/4`: at least 10 a week, met in 3 of the 4 weeks)."""
    weeks = data.numbers[-service.MIX_WEEKS :]
    goals: dict[Channel, list[Goal]] = {}
    for goal in data.goals:
        if goal.channel is not None:
            goals.setdefault(goal.channel, []).append(goal)
    text = Text()
    text.append("Channel mix", style="bold")
    text.append(f"  {len(weeks)} weeks\n", style="dim")
    text.append(" " * 8 + "".join(f"{week.week.number:>3}" for week in weeks), style="dim")
    total = sum(week.done for week in weeks)
    shown = [c for c in Channel if c in goals or any(w.done_by_channel[c] for w in weeks)]
    if not shown:
        text.append("\nNo touches done.", style="dim")
    for channel in shown:
        counts = [week.done_by_channel[channel] for week in weeks]
        text.append(f"\n{channel.label:<8}")
        text.append("".join(f"{count:>3}" for count in counts))
        share = 100 * sum(counts) / total if total else 0
        text.append(f"{share:>4.0f}%", style="dim")
        for goal in goals.get(channel, ()):
            met = sum(1 for week in weeks if data.mix[goal.id, week.week].met)
            tier = f" {goal.tier.value}" if goal.tier else ""
            text.append(f" ≥{goal.target:g}{tier} ", style="dim")
            text.append(
                f"{met}/{len(weeks)}",
                style=palette.success if met == len(weeks) else palette.warning,
            )
    if not goals:
        text.append("\nNo goal per channel yet.", style="dim")
    return text


def share_text(data: LookingBack, palette: Palette) -> Text:
    """The last twelve weeks' prospecting share of blocked time against its goal's line."""
    labels = [f"{week.week.number:02d}" for week in data.numbers]
    share = data.goal_of(GoalMetric.PROSPECTING_SHARE)
    text = Text(no_wrap=True)
    text.append("Prospecting share", style="bold")
    if share is not None:
        text.append(f"  ── goal {format_target(share)}", style=palette.accent)
    text.append("\n")
    text.append_text(
        share_chart(
            [week.prospecting_share for week in data.numbers],
            None if share is None else share.target,
            labels,
            palette,
        )
    )
    return text


def tiers_text(data: LookingBack, palette: Palette) -> Text:
    """The last twelve weeks' done touches, stacked by tier."""
    labels = [f"{week.week.number:02d}" for week in data.numbers]
    text = Text(no_wrap=True)
    text.append("Touches done  ", style="bold")
    text.append_text(tier_legend(palette))
    text.append("\n")
    text.append_text(tier_chart([week.done_by_tier for week in data.numbers], labels, palette))
    return text


# -------------------------------------------------------------------- the two lists


def fate(data: LookingBack, touch: Touch, palette: Palette) -> Text:
    """What becomes of an unfinished touch: carried over (unless skipped or moved)."""
    copy = data.carried.get(touch.id)
    if touch.status is TouchStatus.SKIPPED:
        return Text("skipped", style="dim")
    if copy is not None:
        when = f"{copy.date:%a}" + (f" {copy.start:%H:%M}" if copy.start else f" {copy.date:%d}")
        return Text(f"→ {when}", style=palette.success)
    return Text("carry over", style=palette.accent)


def unfinished_row(
    data: LookingBack, touch: Touch, contact: Contact | None, palette: Palette
) -> list[Text | str]:
    when = f"{touch.date:%a %d}"
    name = Text(contact.name if contact else f"(removed #{touch.contact_id})")
    what = purpose_text(touch.purpose, palette)
    what.append(f" {touch.channel.label}")
    status = Text(
        touch.status.label,
        style={TouchStatus.MISSED: palette.error, TouchStatus.SKIPPED: "dim"}.get(touch.status, ""),
    )
    return [when, name, what, status, fate(data, touch, palette)]


def cold_row(
    data: LookingBack, cold: ColdContact, contact: Contact | None, palette: Palette
) -> list[Text | str]:
    name = Text(cold.name)
    if cold.contact_id in data.planned_coming:
        name.append(f"  ○ W{data.coming.number:02d}", style="dim")
    kind = contact_kind(contact, palette) if contact is not None else Text("")
    return [
        tier_badge(cold.tier, palette),
        name,
        kind,
        warmth_bar(cold.warmth, palette, cells=4),
        f"{cold.last_done:%d %b %y}",
    ]
