"""What goes into the planner and what comes out: plain values, JSON-able on demand."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from planner.domain import (
    Busy,
    Contact,
    ContactHistory,
    Goal,
    Purpose,
    Settings,
    TimeBlock,
    Touch,
    Week,
)
from planner.engine.summary import Summary

JSON = dict[str, Any]


NEVER_TOUCHED = ContactHistory()


@dataclass(frozen=True)
class PlanRequest:
    """Everything `plan_week` needs, gathered by the store.

    - `now`: the moment of planning, naive local time. Nothing is placed before it; a week that
      has ended plans nothing new.
    - `contacts`: all contacts, archived ones included (the planner skips them).
    - `history`: per contact id; a missing id means never touched.
    - `week_touches`: the touches already in `week`, any status.
    - `carry_sources`: touches of *earlier* weeks still unresolved: `planned` ones (the plan marks
      those whose day has passed as missed) and `missed` ones that have no carried-over copy yet.
    - `follow_up_sources`: done touches marked `follow_up` that have no follow-up touch yet.
    - `planned_elsewhere`: contacts with a planned touch in another week that is not a carry
      source (this week's, when planning ahead; a later week's), and its day: they are not
      offered again as due.
    - `busy`: the user's calendar events in the week, each on one day with its buffer: no touch
      the planner places overlaps one (buffers included). Empty by default.
    """

    week: Week
    now: datetime
    contacts: Sequence[Contact]
    history: Mapping[int, ContactHistory]
    week_touches: Sequence[Touch]
    carry_sources: Sequence[Touch]
    follow_up_sources: Sequence[Touch]
    blocks: Sequence[TimeBlock]
    goals: Sequence[Goal]
    settings: Settings
    planned_elsewhere: Mapping[int, date] = field(default_factory=dict)
    busy: Sequence[Busy] = ()

    @property
    def today(self) -> date:
        return self.now.date()


@dataclass(slots=True)
class Unplaced:
    """A touch the planner wanted but could not place, and why, in words.

    `reason` is short and lower case ("no free time left in a prospecting block"); carried-over
    and follow-up touches say so first ("carried over from 2026-W47: contact archived").
    `wanted` is the reason the touch was wanted at all, as a placed touch would carry it.
    """

    contact_id: int
    name: str
    reason: str
    purpose: Purpose | None = None
    origin_id: int | None = None
    why_wanted: str | Callable[[], str] = field(default="", compare=False, repr=False)
    """The wanted reason, or how to word it: wording it for every one of thousands of due
    contacts that did not fit would cost more than planning the week."""

    @property
    def wanted(self) -> str:
        return self.why_wanted() if callable(self.why_wanted) else self.why_wanted

    def to_json(self) -> JSON:
        return {"contact_id": self.contact_id, "name": self.name, "reason": self.reason}


@dataclass(frozen=True)
class Plan:
    """The planner's answer for one week, as changes for the store to apply.

    - `keep`: week touches that stay as they are (done, skipped, missed, pinned, placed by hand,
      and planned ones whose time has already passed).
    - `add`: new touches with `id=0` for the store to number. Carried-over copies have
      `carried_over=True` and `origin_id` = the source's id; follow-ups have purpose `follow_up`
      and `origin_id` = the done touch they follow up.
    - `remove`: ids of the week's planned touches that the re-plan replaces.
    - `mark_missed`: ids of earlier weeks' touches still `planned` that are now `missed`.
    - `unplaced`: what did not fit, in priority order, each with its reason.
    """

    week: Week
    keep: tuple[Touch, ...]
    add: tuple[Touch, ...]
    remove: tuple[int, ...]
    mark_missed: tuple[int, ...]
    unplaced: tuple[Unplaced, ...]
    summary: Summary

    @property
    def touches(self) -> list[Touch]:
        """All touches of the week once the plan is applied, by date, start and contact."""
        return sorted((*self.keep, *self.add), key=touch_order)

    def to_json(self, touch_json: Callable[[Touch], JSON] | None = None) -> JSON:
        """`{"week", "touches", "unplaced", "summary"}`; the same plan gives the same dict."""
        convert = touch_json or touch_to_json
        return {
            "week": str(self.week),
            "touches": [convert(touch) for touch in self.touches],
            "unplaced": [item.to_json() for item in self.unplaced],
            "summary": self.summary.to_json(),
        }


def touch_order(touch: Touch) -> tuple[date, bool, time, int, int]:
    """Sort key: day, then timed before untimed, start, contact id, touch id."""
    return (touch.date, touch.start is None, touch.start or time(), touch.contact_id, touch.id)


def touch_to_json(touch: Touch) -> JSON:
    """A touch as plain JSON values, dates and times as ISO strings, enums as their tokens."""
    return {
        "id": touch.id,
        "contact_id": touch.contact_id,
        "purpose": touch.purpose.value,
        "channel": touch.channel.value,
        "date": touch.date.isoformat(),
        "start": None if touch.start is None else f"{touch.start:%H:%M}",
        "end": None if touch.end is None else f"{touch.end:%H:%M}",
        "status": touch.status.value,
        "block_id": touch.block_id,
        "reason": touch.reason,
        "carried_over": touch.carried_over,
        "pinned": touch.pinned,
        "manual": touch.manual,
        "follow_up": touch.follow_up,
        "note": touch.note,
        "origin_id": touch.origin_id,
    }
