"""The week looked back on: planned against done, goals, who went cold."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from planner.domain.weeks import Week
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import Review

# The engine is imported where it is used: the app's start-up does not need it.


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
