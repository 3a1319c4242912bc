"""`review_week`: how a week went — planned against done, prospecting, goals, who went cold;
`week_numbers`: the few numbers of a week that the review charts over many weeks; `streak`:
how many weeks running a goal was met or missed; `week_to_review`: which week a review opens on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from planner.domain import (
    BlockKind,
    Channel,
    Contact,
    Goal,
    Purpose,
    Relationship,
    Settings,
    Tier,
    TimeBlock,
    Touch,
    TouchStatus,
    Week,
)
from planner.domain.rules import (
    PROSPECTING_PURPOSES,
    GoalProgress,
    blocked_minutes,
    measure_goal,
    prospecting_share,
    touch_minutes,
    warmth,
)
from planner.engine.heatmap import HeatMap
from planner.engine.model import JSON, ContactHistory, touch_order, touch_to_json
from planner.engine.summary import goal_to_json

_UNFINISHED = frozenset({TouchStatus.PLANNED, TouchStatus.MISSED})


@dataclass(frozen=True, slots=True)
class Tally:
    """Touches of a week in one group: all of them (`planned`) and those done."""

    planned: int = 0
    done: int = 0

    def to_json(self) -> dict[str, int]:
        return {"planned": self.planned, "done": self.done}


class ColdContact(NamedTuple):
    """A contact gone cold. (A named tuple: a large network has tens of thousands.)"""

    contact_id: int
    name: str
    tier: Tier
    relationship: Relationship
    warmth: float
    last_done: date

    def to_json(self) -> dict[str, Any]:
        return {
            "contact_id": self.contact_id,
            "name": self.name,
            "tier": self.tier.value,
            "relationship": self.relationship.value,
            "warmth": round(self.warmth, 3),
            "last_done": self.last_done.isoformat(),
        }


@dataclass(frozen=True)
class Review:
    """A week looked back on.

    `by_tier`/`by_purpose`/`by_channel`: every touch of the week counted as planned, the done
    ones as done.
    `prospecting_minutes`: minutes of done prospecting and referral-ask touches; `prospecting_share`
    those as a percentage of blocked time. `goals`: measured on done touches only. `cold`: contacts
    once touched whose warmth today is below `settings.cold_below`, by tier, coldest first.
    `unfinished`: the week's touches still planned or missed.
    """

    week: Week
    by_tier: Mapping[Tier, Tally]
    by_purpose: Mapping[Purpose, Tally]
    by_channel: Mapping[Channel, Tally]
    blocked_minutes: Mapping[BlockKind, int]
    prospecting_minutes: int
    prospecting_share: float
    goals: tuple[GoalProgress, ...]
    cold: tuple[ColdContact, ...]
    unfinished: tuple[Touch, ...]

    def to_json(self, touch_json: Callable[[Touch], JSON] | None = None) -> JSON:
        convert = touch_json or touch_to_json
        return {
            "week": str(self.week),
            "by_tier": {tier.value: self.by_tier[tier].to_json() for tier in Tier},
            "by_purpose": {
                purpose.value: self.by_purpose[purpose].to_json() for purpose in Purpose
            },
            "by_channel": {
                channel.value: self.by_channel[channel].to_json() for channel in Channel
            },
            "blocked_minutes": {kind.value: self.blocked_minutes[kind] for kind in BlockKind},
            "prospecting_minutes": self.prospecting_minutes,
            "prospecting_share": self.prospecting_share,
            "goals": [goal_to_json(progress) for progress in self.goals],
            "cold": [contact.to_json() for contact in self.cold],
            "unfinished": [convert(touch) for touch in self.unfinished],
        }


def gone_cold(
    contacts: Iterable[Contact],
    history: Mapping[int, ContactHistory],
    settings: Settings,
    today: date,
) -> tuple[ColdContact, ...]:
    """Contacts once touched whose warmth on `today` is below `settings.cold_below` (archived
    ones left out), tier A first, coldest first within a tier."""
    cold: list[ColdContact] = []
    cold_below = settings.cold_below
    for contact in contacts:
        past = history.get(contact.id)
        if contact.archived or past is None or past.last_done is None:
            continue
        heat = warmth(past.last_done, today, contact.cadence(settings))
        if heat < cold_below:
            cold.append(
                ColdContact(
                    contact.id,
                    contact.name,
                    contact.tier,
                    contact.relationship,
                    heat,
                    past.last_done,
                )
            )
    rank = {tier: tier.rank for tier in Tier}
    cold.sort(key=lambda each: (rank[each.tier], each.warmth, each.name, each.contact_id))
    return tuple(cold)


def cold_in_heatmap(heat: HeatMap, cold_below: float) -> tuple[ColdContact, ...]:
    """`gone_cold` read off a heat map of the same data and day (its rows are warmth, last
    touch and all, by tier and coldest first): what was worked out ahead is not done again."""
    return tuple(
        ColdContact(row.contact_id, row.name, row.tier, row.relationship, row.warmth, last)
        for row in heat.rows
        if (last := row.last_done) is not None and row.warmth < cold_below
    )


def review_week(
    week: Week,
    *,
    touches: Iterable[Touch],
    contacts: Iterable[Contact],
    history: Mapping[int, ContactHistory],
    blocks: Sequence[TimeBlock],
    goals: Iterable[Goal],
    settings: Settings,
    today: date,
    cold: Sequence[ColdContact] | None = None,
) -> Review:
    """Review `week` from its `touches` (touches of other weeks are ignored).

    Warmth is measured on `today` from `history`; contacts never touched are not "gone cold"
    (they were never warm) and archived ones are left out. `cold`: the `gone_cold` of the same
    contacts, history and day when already worked out (it does not depend on the week).
    """
    contacts = list(contacts)  # read twice
    monday, sunday = week.monday, week.sunday  # once: a network has tens of thousands
    week_touches = sorted(
        (touch for touch in touches if monday <= touch.date <= sunday), key=touch_order
    )
    tiers: dict[int, Tier] = {}
    new_contacts = 0
    for contact in contacts:
        tiers[contact.id] = contact.tier
        if monday <= contact.added <= sunday:
            new_contacts += 1
    if cold is None:
        cold = gone_cold(contacts, history, settings, today)

    tier_counts = {tier: [0, 0] for tier in Tier}
    purpose_counts = {purpose: [0, 0] for purpose in Purpose}
    channel_counts = {channel: [0, 0] for channel in Channel}
    prospecting = 0
    for touch in week_touches:
        done = touch.status is TouchStatus.DONE
        groups = [purpose_counts[touch.purpose], channel_counts[touch.channel]]
        tier = tiers.get(touch.contact_id)
        if tier is not None:
            groups.append(tier_counts[tier])
        for counts in groups:
            counts[0] += 1
            counts[1] += done
        if done and touch.purpose in PROSPECTING_PURPOSES:
            prospecting += touch_minutes(touch, settings)
    blocked = blocked_minutes(blocks, week)
    progress = tuple(
        measure_goal(
            goal,
            touches=week_touches,
            blocked=blocked,
            tiers=tiers,
            new_contacts=new_contacts,
            settings=settings,
        )
        for goal in sorted(goals, key=lambda goal: goal.id)
    )
    return Review(
        week=week,
        by_tier={tier: Tally(*counts) for tier, counts in tier_counts.items()},
        by_purpose={purpose: Tally(*counts) for purpose, counts in purpose_counts.items()},
        by_channel={channel: Tally(*counts) for channel, counts in channel_counts.items()},
        blocked_minutes=blocked,
        prospecting_minutes=prospecting,
        prospecting_share=round(prospecting_share(prospecting, blocked), 1),
        goals=progress,
        cold=tuple(cold),
        unfinished=tuple(touch for touch in week_touches if touch.status in _UNFINISHED),
    )


@dataclass(frozen=True, slots=True)
class WeekNumbers:
    """What a week achieved, in the few numbers the review charts week after week: done
    prospecting minutes and their share of blocked time (as `review_week` counts them), and
    done touches per tier and per channel (every tier and channel present)."""

    week: Week
    blocked_minutes: int
    prospecting_minutes: int
    prospecting_share: float
    done_by_tier: Mapping[Tier, int]
    done_by_channel: Mapping[Channel, int]

    @property
    def done(self) -> int:
        return sum(self.done_by_channel.values())


def week_numbers(
    week: Week,
    *,
    touches: Iterable[Touch],
    tiers: Mapping[int, Tier],
    blocks: Sequence[TimeBlock],
    settings: Settings,
    blocked: Mapping[BlockKind, int] | None = None,
) -> WeekNumbers:
    """The numbers of `week` from its `touches` (others are ignored); `tiers`: the tier of each
    touch's contact (a removed contact's touches count for no tier); `blocked`: the week's
    blocked minutes per kind, when already known (else worked out from `blocks`)."""
    by_tier = dict.fromkeys(Tier, 0)
    by_channel = dict.fromkeys(Channel, 0)
    prospecting = 0
    for touch in touches:
        if touch.status is not TouchStatus.DONE or touch.date not in week:
            continue
        by_channel[touch.channel] += 1
        tier = tiers.get(touch.contact_id)
        if tier is not None:
            by_tier[tier] += 1
        if touch.purpose in PROSPECTING_PURPOSES:
            prospecting += touch_minutes(touch, settings)
    if blocked is None:
        blocked = blocked_minutes(blocks, week)
    return WeekNumbers(
        week=week,
        blocked_minutes=sum(blocked.values()),
        prospecting_minutes=prospecting,
        prospecting_share=round(prospecting_share(prospecting, blocked), 1),
        done_by_tier=by_tier,
        done_by_channel=by_channel,
    )


@dataclass(frozen=True, slots=True)
class Streak:
    """A goal's run: met (or missed) `weeks` weeks running, up to the week looked at. `longer`:
    the run reaches back as far as anyone looked, so it may be longer still."""

    met: bool
    weeks: int
    longer: bool = False

    @property
    def text(self) -> str:
        """`met 5 weeks running`, `missed 3 weeks running`, `met`, `missed 52+ weeks running`."""
        word = "met" if self.met else "missed"
        if self.weeks <= 1 and not self.longer:
            return word
        return f"{word} {self.weeks}{'+' if self.longer else ''} weeks running"


def streak(results: Sequence[bool], *, complete: bool = True) -> Streak:
    """The run of equal results at the end of `results` (met or not, oldest first, ending with
    the week looked at). `complete`: `results` start where the goal could first be met, so a
    run that reaches back to the first one is not longer than that."""
    if not results:
        raise ValueError("a streak needs at least one week")
    last = results[-1]
    weeks = 0
    for result in reversed(results):
        if result is not last:
            break
        weeks += 1
    return Streak(last, weeks, longer=weeks == len(results) and not complete)


def week_to_review(blocks: Iterable[TimeBlock], now: datetime) -> Week:
    """The week a review opens on: the last week that has ended, or this week once its last
    time block is over (a Friday afternoon session reviews the week just done)."""
    this = Week.of(now.date())
    ends = [datetime.combine(day, block.end) for block in blocks for day in block.occurrences(this)]
    if ends and max(ends) <= now:
        return this
    return this.shift(-1)
