"""`review_week`: how a week went — planned against done, prospecting, goals, who went cold."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from planner.domain import (
    BlockKind,
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


@dataclass(frozen=True, slots=True)
class ColdContact:
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

    `by_tier`/`by_purpose`: every touch of the week counted as planned, the done ones as done.
    `prospecting_minutes`: minutes of done prospecting and referral-ask touches; `prospecting_share`
    those as a percentage of blocked time. `goals`: measured on done touches only. `cold`: contacts
    once touched whose warmth today is below `settings.cold_below`, by tier, coldest first.
    `unfinished`: the week's touches still planned or missed.
    """

    week: Week
    by_tier: Mapping[Tier, Tally]
    by_purpose: Mapping[Purpose, Tally]
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
            "blocked_minutes": {kind.value: self.blocked_minutes[kind] for kind in BlockKind},
            "prospecting_minutes": self.prospecting_minutes,
            "prospecting_share": self.prospecting_share,
            "goals": [goal_to_json(progress) for progress in self.goals],
            "cold": [contact.to_json() for contact in self.cold],
            "unfinished": [convert(touch) for touch in self.unfinished],
        }


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
) -> Review:
    """Review `week` from its `touches` (touches of other weeks are ignored).

    Warmth is measured on `today` from `history`; contacts never touched are not "gone cold"
    (they were never warm) and archived ones are left out.
    """
    week_touches = sorted((touch for touch in touches if touch.date in week), key=touch_order)
    tiers: dict[int, Tier] = {}
    new_contacts = 0
    cold: list[ColdContact] = []
    for contact in contacts:
        tiers[contact.id] = contact.tier
        if contact.added in week:
            new_contacts += 1
        past = history.get(contact.id)
        if contact.archived or past is None or past.last_done is None:
            continue
        heat = warmth(past.last_done, today, contact.cadence(settings))
        if heat < settings.cold_below:
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
    cold.sort(key=lambda each: (each.tier.rank, each.warmth, each.name, each.contact_id))

    tier_counts = {tier: [0, 0] for tier in Tier}
    purpose_counts = {purpose: [0, 0] for purpose in Purpose}
    prospecting = 0
    for touch in week_touches:
        done = touch.status is TouchStatus.DONE
        groups = [purpose_counts[touch.purpose]]
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
        blocked_minutes=blocked,
        prospecting_minutes=prospecting,
        prospecting_share=round(prospecting_share(prospecting, blocked), 1),
        goals=progress,
        cold=tuple(cold),
        unfinished=tuple(touch for touch in week_touches if touch.status in _UNFINISHED),
    )
