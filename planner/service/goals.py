"""Goals: the written weekly targets, and how far each week is towards them."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from planner.domain.enums import BlockKind, GoalMetric, Tier
from planner.domain.errors import NotFoundError
from planner.domain.model import Goal, Touch
from planner.domain.rules import GoalProgress, blocked_minutes, measure_goal
from planner.domain.validation import build_goal
from planner.domain.weeks import Week
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import Streak

#: How far back a goal's streak is followed: the twelve weeks the review charts (a longer run
#: reads "met 12+ weeks running").
STREAK_LIMIT = 12


def add_goal(store: Store, **fields: Any) -> Goal:
    with store.transaction() as tx:
        return tx.put_goal(build_goal(id=tx.new_goal_id(), **fields))


def edit_goal(store: Store, goal_id: int, **changes: Any) -> Goal:
    with store.transaction() as tx:
        current = store.goal(goal_id)
        fields: dict[str, Any] = {
            "metric": current.metric,
            "target": f"{current.target:g}",
            "tier": current.tier,
            "channel": current.channel,
        }
        fields.update({key: value for key, value in changes.items() if value is not None})
        if "metric" in changes:
            # A new metric that counts no tier (or channel) drops the old one unless given.
            metric = build_goal(id=goal_id, metric=fields["metric"], target=fields["target"])
            if "tier" not in changes and not metric.metric.takes_tier:
                fields["tier"] = None
            if "channel" not in changes and not metric.metric.takes_channel:
                fields["channel"] = None
        return tx.put_goal(build_goal(id=goal_id, **fields))


def remove_goal(store: Store, goal_id: int) -> None:
    with store.transaction() as tx:
        tx.delete_goal(goal_id)


def goal_progress(store: Store, goal: Goal, week: Week, *, projected: bool = False) -> GoalProgress:
    """How far `goal` is in `week` (done touches; with `projected`, planned ones too)."""
    return goals_progress(store, [goal], week, projected=projected)[0]


def goals_progress(
    store: Store,
    goals: Iterable[Goal],
    week: Week,
    *,
    projected: bool = False,
    quick: bool = False,
) -> list[GoalProgress]:
    """Progress of several goals in `week`, reading the week once. With `quick`, goals that
    would read the whole network first (new contacts, while it is not read yet) are left out:
    the caller measures them again later."""
    goals = list(goals)
    if quick and not store.contacts_read:
        goals = [goal for goal in goals if goal.metric is not GoalMetric.NEW_CONTACTS]
    touches = store.week_touches(week)
    blocked = blocked_minutes(store.blocks.values(), week)
    tiers = tiers_of_touches(store, touches) if any(goal.tier is not None for goal in goals) else {}
    needs_new = any(goal.metric is GoalMetric.NEW_CONTACTS for goal in goals)
    new_contacts = store.contacts_added_between(week.monday, week.sunday) if needs_new else 0
    return [
        measure_goal(
            goal,
            touches=touches,
            blocked=blocked,
            tiers=tiers,
            new_contacts=new_contacts,
            settings=store.settings,
            projected=projected,
        )
        for goal in goals
    ]


def tiers_of_touches(store: Store, touches: Iterable[Touch]) -> dict[int, Tier]:
    """The tier of everyone the touches are with (removed contacts left out)."""
    tiers: dict[int, Tier] = {}
    for touch in touches:
        if touch.contact_id not in tiers:
            try:
                tiers[touch.contact_id] = store.contact(touch.contact_id).tier
            except NotFoundError:
                pass
    return tiers


@dataclass(frozen=True, slots=True)
class WeekInputs:
    """What goal progress and the review's week numbers are measured from, for one week."""

    touches: list[Touch]
    tiers: dict[int, Tier]
    blocked: dict[BlockKind, int]
    new_contacts: int


class WeekReads:
    """Each week's touches, the tiers of their contacts, its blocked minutes and new contacts,
    read once and shared by every question about the same weeks at one moment (a screen
    drawing goal progress, streaks and charts over many weeks)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._weeks: dict[Week, WeekInputs] = {}
        self._added: list[date] | None = None
        blocks = list(store.blocks.values())
        # A weekly block happens once in every week: its minutes are the same in each.
        self._weekly = blocked_minutes([b for b in blocks if b.is_weekly], Week.of(date.today()))
        self._once = [block for block in blocks if not block.is_weekly]

    def __call__(self, week: Week) -> WeekInputs:
        known = self._weeks.get(week)
        if known is not None:
            return known
        store = self.store
        if self._added is None:
            self._added = sorted(contact.added for contact in store.contacts.values())
        added = self._added
        touches = store.week_touches(week)
        contacts = store.contacts
        tiers = {
            touch.contact_id: contacts[touch.contact_id].tier
            for touch in touches
            if touch.contact_id in contacts
        }
        blocked = dict(self._weekly)
        once = [block for block in self._once if block.date in week]
        if once:
            for kind, minutes in blocked_minutes(once, week).items():
                blocked[kind] += minutes
        inputs = WeekInputs(
            touches=touches,
            tiers=tiers,
            blocked=blocked,
            new_contacts=bisect_right(added, week.sunday) - bisect_left(added, week.monday),
        )
        self._weeks[week] = inputs
        return inputs


def goals_over_weeks(
    store: Store,
    goals: Iterable[Goal],
    weeks: Iterable[Week],
    *,
    projected: bool = False,
    reads: WeekReads | None = None,
) -> dict[tuple[int, Week], GoalProgress]:
    """`goal_progress` of every goal in every week, keyed by (goal id, week): the same numbers,
    with what the weeks share (tiers, blocked time, touches, new contacts) read once (and, given
    `reads`, shared with other questions about the same weeks)."""
    goal_list = list(goals)
    reads = reads or WeekReads(store)
    progress: dict[tuple[int, Week], GoalProgress] = {}
    for week in weeks:
        inputs = reads(week)
        for goal in goal_list:
            progress[goal.id, week] = measure_goal(
                goal,
                touches=inputs.touches,
                blocked=inputs.blocked,
                tiers=inputs.tiers,
                new_contacts=inputs.new_contacts,
                settings=store.settings,
                projected=projected,
            )
    return progress


def goal_streaks(
    store: Store,
    goals: Iterable[Goal],
    week: Week,
    *,
    limit: int = STREAK_LIMIT,
    reads: WeekReads | None = None,
) -> dict[int, Streak]:
    """How many weeks running, up to `week`, each goal was met (or missed), from the same week
    progress as `goals_over_weeks`. Weeks before the network began (its first contact or
    touch) are not looked at, nor more than `limit` weeks."""
    from planner.engine import streak

    goal_list = list(goals)
    if not goal_list:
        return {}
    starts = [contact.added for contact in store.contacts.values()]
    first_touch = store.first_touch_month()
    if first_touch is not None:
        starts.append(first_touch)
    first = min(Week.of(min(starts)), week) if starts else week
    reads = reads or WeekReads(store)
    results: dict[int, list[bool]] = {goal.id: [] for goal in goal_list}  # newest first
    following = list(goal_list)
    looked = 0
    current = week
    while following and looked < limit and current >= first:
        count = min(12, limit - looked, (current.monday - first.monday).days // 7 + 1)
        chunk = [current.shift(-offset) for offset in range(count)]
        progress = goals_over_weeks(store, following, chunk, reads=reads)
        for goal in following:
            results[goal.id].extend(progress[goal.id, each].met for each in chunk)
        looked += count
        current = current.shift(-count)
        following = [goal for goal in following if len(set(results[goal.id])) == 1]
    return {goal.id: streak(results[goal.id][::-1], complete=current < first) for goal in goal_list}
