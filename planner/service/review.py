"""The week looked back on: planned against done, goals, who went cold; and the weeks before it
in a few numbers, for the review's charts and its channel mix."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.domain.enums import Tier
from planner.domain.weeks import Week
from planner.service.goals import tiers_of_touches
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import Review, WeekNumbers

# The engine is imported where it is used: the app's start-up does not need it.

#: Weeks the review charts, ending with the week reviewed.
TREND_WEEKS = 12
#: Weeks the channel mix adds up, ending with the week reviewed.
MIX_WEEKS = 4


def review(store: Store, week: Week, today: date) -> Review:
    """The week looked back on: planned against done, goals, who went cold, what is unfinished."""
    from planner.engine import review_week

    return review_week(
        week,
        touches=store.week_touches(week),
        contacts=list(store.contacts.values()),
        history=store.histories(),
        blocks=list(store.blocks.values()),
        goals=list(store.goals.values()),
        settings=store.settings,
        today=today,
    )


def week_to_review(store: Store, now: datetime) -> Week:
    """The week a review opens on: the last one that has ended, or this week once its last
    time block is over."""
    from planner.engine import week_to_review as engine_week_to_review

    return engine_week_to_review(store.blocks.values(), now)


def weeks_in_numbers(store: Store, last: Week, weeks: int = TREND_WEEKS) -> list[WeekNumbers]:
    """The `weeks` weeks ending with `last`, oldest first, each in the numbers the review charts
    (prospecting share of blocked time, done touches per tier and per channel)."""
    from planner.engine import week_numbers

    blocks = list(store.blocks.values())
    numbers = []
    for offset in range(weeks - 1, -1, -1):
        week = last.shift(-offset)
        touches = store.week_touches(week)
        tiers: dict[int, Tier] = tiers_of_touches(store, touches)
        numbers.append(
            week_numbers(week, touches=touches, tiers=tiers, blocks=blocks, settings=store.settings)
        )
    return numbers
