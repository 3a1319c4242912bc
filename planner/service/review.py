"""The week looked back on: planned against done, goals, who went cold; and the weeks before it
in a few numbers, for the review's charts and its channel mix."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING

from planner.domain.busy import Busy
from planner.domain.enums import TouchStatus
from planner.domain.errors import ValidationError
from planner.domain.model import Touch
from planner.domain.validation import parse_date, parse_time
from planner.domain.weeks import Week
from planner.service.calendars import busy_on
from planner.service.goals import WeekReads
from planner.service.planning import checked_move
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import ColdContact, Review, WeekNumbers

# The engine is imported where it is used: the app's start-up does not need it.

#: Weeks the review charts, ending with the week reviewed.
TREND_WEEKS = 12
#: Weeks the channel mix adds up, ending with the week reviewed.
MIX_WEEKS = 4


def review(
    store: Store, week: Week, today: date, *, cold: Sequence[ColdContact] | None = None
) -> Review:
    """The week looked back on: planned against done, goals, who went cold, what is unfinished.
    `cold`: who went cold as of `today` (`gone_cold`), when already worked out for another week
    of the same data."""
    from planner.engine import review_week

    return review_week(
        week,
        touches=store.week_touches(week),
        contacts=list(store.contacts.values()),
        history=store.histories() if cold is None else {},
        blocks=list(store.blocks.values()),
        goals=list(store.goals.values()),
        settings=store.settings,
        today=today,
        cold=cold,
    )


def gone_cold(store: Store, today: date) -> tuple[ColdContact, ...]:
    """Contacts once touched whose warmth today is below the cold line, tier A first."""
    from planner.engine import gone_cold as engine_gone_cold

    return engine_gone_cold(store.contacts.values(), store.histories(), store.settings, today)


def week_to_review(store: Store, now: datetime) -> Week:
    """The week a review opens on: the last one that has ended, or this week once its last
    time block is over."""
    from planner.engine import week_to_review as engine_week_to_review

    return engine_week_to_review(store.blocks.values(), now)


def weeks_in_numbers(
    store: Store, last: Week, weeks: int = TREND_WEEKS, *, reads: WeekReads | None = None
) -> list[WeekNumbers]:
    """The `weeks` weeks ending with `last`, oldest first, each in the numbers the review charts
    (prospecting share of blocked time, done touches per tier and per channel)."""
    from planner.engine import week_numbers

    reads = reads or WeekReads(store)
    blocks = list(store.blocks.values())
    numbers = []
    for offset in range(weeks - 1, -1, -1):
        week = last.shift(-offset)
        inputs = reads(week)
        numbers.append(
            week_numbers(
                week,
                touches=inputs.touches,
                tiers=inputs.tiers,
                blocks=blocks,
                settings=store.settings,
                blocked=inputs.blocked,
            )
        )
    return numbers


def carried_copy(store: Store, touch: Touch) -> Touch | None:
    """The copy carrying `touch` over into a later week, if it has one."""
    return next((copy for copy in store.copies_of(touch.id) if copy.carried_over), None)


def carry_over(store: Store, touch_id: int) -> Touch:
    """An unfinished touch of a week gone by goes into the next plan (what happens unless it is
    skipped or moved): a skipped one is taken back to planned, anything else stays as it is."""
    touch = store.touch(touch_id)
    if touch.status is TouchStatus.SKIPPED:
        with store.transaction() as tx:
            return tx.put_touch(touch.but(status=TouchStatus.PLANNED))
    return touch


def move_unfinished(
    store: Store,
    touch_id: int,
    *,
    day: object,
    start: object,
    now: datetime,
    busy: Sequence[Busy] | None = None,
) -> Touch:
    """Carry an unfinished touch of a week gone by to a slot chosen by hand: it stays in its
    own week as missed, and its carried-over copy (made now, or the one a plan made) takes the
    slot, placed by hand so that re-planning keeps it. Refused in words like any move, the
    calendars' busy time included (`busy`, else their copies)."""
    from planner.engine.choose import carry_reason

    when = parse_date(day)
    begin = parse_time(start, "start", "Start")
    taken = busy_on(store, when, busy, False)
    with store.transaction() as tx:
        source = store.touch(touch_id)
        if source.status not in (TouchStatus.PLANNED, TouchStatus.MISSED):
            raise ValidationError(
                "id", f"Only unfinished touches are carried over; this one is {source.status}."
            )
        copy = carried_copy(store, source)
        if copy is not None and not copy.is_open:
            raise ValidationError(
                "id", f"Its copy in {copy.week} is {copy.status.label} already; nothing to move."
            )
        moving = copy or source.but(
            id=0,
            status=TouchStatus.PLANNED,
            carried_over=True,
            origin_id=source.id,
            reason=carry_reason(source),
            pinned=False,
            follow_up=False,
        )
        moved = checked_move(store, moving, when, begin, now, taken)
        if source.status is TouchStatus.PLANNED:
            tx.put_touch(source.but(status=TouchStatus.MISSED))
        return tx.put_touch(moved if copy is not None else moved.but(id=tx.new_touch_id()))
