"""The week summary: capacity used, prospecting share of blocked time, counts, goals."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from planner.domain import (
    BlockKind,
    Busy,
    Contact,
    Goal,
    Purpose,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Week,
)
from planner.domain.busy import busy_minutes_within
from planner.domain.model import minutes_of
from planner.domain.rules import (
    PROSPECTING_PURPOSES,
    GoalProgress,
    blocked_minutes,
    measure_goal,
    prospecting_share,
    touch_minutes,
)

#: Touches that make up a plan: what is still to do and what is done (not skipped or missed).
PLANNED_OR_DONE = frozenset({TouchStatus.PLANNED, TouchStatus.DONE})


@dataclass(frozen=True, slots=True)
class Summary:
    """One week's plan in numbers, as if every planned touch happens.

    `planned_minutes` counts planned and done touches by the kind of block they sit in;
    `prospecting_share` is the percentage of all blocked minutes that prospecting-purpose touches
    (prospecting, referral ask) fill; `goals` are measured with planned touches counted as done.
    `busy_minutes` is the blocked time per kind that calendar events took (with their buffers;
    events that overlap count once). Every kind, tier and purpose is present, zero when none.
    `to_sort`: contacts imported without a tier and not sorted yet (the plan leaves them out).
    """

    blocked_minutes: Mapping[BlockKind, int]
    planned_minutes: Mapping[BlockKind, int]
    prospecting_minutes: int
    prospecting_share: float
    by_tier: Mapping[Tier, int]
    by_purpose: Mapping[Purpose, int]
    goals: tuple[GoalProgress, ...]
    busy_minutes: Mapping[BlockKind, int] = field(
        default_factory=lambda: dict.fromkeys(BlockKind, 0)
    )
    to_sort: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "blocked_minutes": {kind.value: self.blocked_minutes[kind] for kind in BlockKind},
            "planned_minutes": {kind.value: self.planned_minutes[kind] for kind in BlockKind},
            "prospecting_share": self.prospecting_share,
            "by_tier": {tier.value: self.by_tier[tier] for tier in Tier},
            "by_purpose": {purpose.value: self.by_purpose[purpose] for purpose in Purpose},
            "goals": [goal_to_json(progress) for progress in self.goals],
            "busy_minutes": {kind.value: self.busy_minutes.get(kind, 0) for kind in BlockKind},
            "to_sort": self.to_sort,
        }


def goal_to_json(progress: GoalProgress) -> dict[str, Any]:
    goal = progress.goal
    return {
        "id": goal.id,
        "metric": goal.metric.value,
        "target": json_number(goal.target),
        "tier": None if goal.tier is None else goal.tier.value,
        "channel": None if goal.channel is None else goal.channel.value,
        "value": json_number(progress.value),
        "met": progress.met,
    }


def json_number(value: float) -> int | float:
    """Whole numbers as ints (`40`, not `40.0`), others rounded to one decimal."""
    return int(value) if float(value).is_integer() else round(value, 1)


def summarize_week(
    week: Week,
    *,
    touches: Iterable[Touch],
    contacts: Iterable[Contact],
    blocks: Sequence[TimeBlock],
    goals: Iterable[Goal],
    settings: Settings,
    busy: Iterable[Busy] = (),
) -> Summary:
    """The summary of `week` holding `touches` (for the week view after the user edits a plan),
    with the blocked time that the calendar events in `busy` take."""
    chosen = list(touches)
    wanted = {touch.contact_id for touch in chosen}
    tiers: dict[int, Tier] = {}
    new_contacts = 0
    to_sort = 0
    for contact in contacts:
        if contact.id in wanted:
            tiers[contact.id] = contact.tier
        if contact.added in week:
            new_contacts += 1
        if contact.to_sort and not contact.archived:
            to_sort += 1
    return summarize(
        week,
        chosen,
        blocks=blocks,
        goals=goals,
        settings=settings,
        tiers=tiers,
        new_contacts=new_contacts,
        busy=busy,
        to_sort=to_sort,
    )


def summarize(
    week: Week,
    touches: Sequence[Touch],
    *,
    blocks: Sequence[TimeBlock],
    goals: Iterable[Goal],
    settings: Settings,
    tiers: Mapping[int, Tier],
    new_contacts: int,
    busy: Iterable[Busy] = (),
    to_sort: int = 0,
) -> Summary:
    """Like `summarize_week`, with the tiers of the touches' contacts already looked up."""
    blocked = blocked_minutes(blocks, week)
    counted = [touch for touch in touches if touch.status in PLANNED_OR_DONE]
    kind_of = BlockFinder(week, blocks)
    planned = dict.fromkeys(BlockKind, 0)
    by_tier = dict.fromkeys(Tier, 0)
    by_purpose = dict.fromkeys(Purpose, 0)
    prospecting = 0
    for touch in counted:
        kind = kind_of(touch)
        if kind is not None:
            planned[kind] += touch.minutes
        tier = tiers.get(touch.contact_id)
        if tier is not None:
            by_tier[tier] += 1
        by_purpose[touch.purpose] += 1
        if touch.purpose in PROSPECTING_PURPOSES:
            prospecting += touch_minutes(touch, settings)
    progress = tuple(
        measure_goal(
            goal,
            touches=counted,
            blocked=blocked,
            tiers=tiers,
            new_contacts=new_contacts,
            settings=settings,
            projected=True,
        )
        for goal in sorted(goals, key=lambda goal: goal.id)
    )
    return Summary(
        blocked_minutes=blocked,
        planned_minutes=planned,
        prospecting_minutes=prospecting,
        prospecting_share=round(prospecting_share(prospecting, blocked), 1),
        by_tier=by_tier,
        by_purpose=by_purpose,
        goals=progress,
        busy_minutes=busy_in_blocks(week, blocks, busy),
        to_sort=to_sort,
    )


def busy_in_blocks(
    week: Week, blocks: Sequence[TimeBlock], busy: Iterable[Busy]
) -> dict[BlockKind, int]:
    """Minutes of each kind's block occurrences in `week` that busy time (with buffers) covers;
    counted per block occurrence, as `blocked_minutes` counts blocked time."""
    totals = dict.fromkeys(BlockKind, 0)
    by_day: dict[date, list[Busy]] = {}
    for event in busy:
        if event.date in week:
            by_day.setdefault(event.date, []).append(event)
    if not by_day:
        return totals
    for block in blocks:
        begin, finish = minutes_of(block.start), minutes_of(block.end)
        for day in block.occurrences(week):
            day_busy = by_day.get(day)
            if day_busy:
                totals[block.kind] += busy_minutes_within(day_busy, day, begin, finish)
    return totals


class BlockFinder:
    """The kind of block a touch of `week` sits in: its `block_id`'s, else the block around it."""

    def __init__(self, week: Week, blocks: Sequence[TimeBlock]) -> None:
        self._by_id = {block.id: block for block in blocks}
        self._by_date: dict[date, list[TimeBlock]] = {}
        for block in sorted(blocks, key=lambda block: (block.start, block.id)):
            for day in block.occurrences(week):
                self._by_date.setdefault(day, []).append(block)

    def __call__(self, touch: Touch) -> BlockKind | None:
        day_blocks = self._by_date.get(touch.date, [])
        block = self._by_id.get(touch.block_id) if touch.block_id is not None else None
        if block is not None and block in day_blocks:
            return block.kind
        if touch.start is None:
            return None
        start = minutes_of(touch.start)
        for block in day_blocks:
            if minutes_of(block.start) <= start < minutes_of(block.end):
                return block.kind
        return None
