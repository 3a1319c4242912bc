"""Planning a week: what the engine is given, saving its plan, moving and adding by hand."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime, time
from typing import TYPE_CHECKING

from planner.domain.busy import Busy
from planner.domain.enums import BlockKind, TouchStatus
from planner.domain.errors import ValidationError
from planner.domain.model import Touch
from planner.domain.validation import parse_date, parse_time
from planner.domain.weeks import Week
from planner.service.calendars import busy_on, week_busy
from planner.service.contacts import contact_name
from planner.store import Store

if TYPE_CHECKING:
    from planner.engine import Plan, PlanRequest

# The engine is imported where it is used: the app's start-up does not need it.


def now_from(today: date | None) -> datetime:
    """`--today D` means the start of that day; without it, now."""
    if today is None:
        return datetime.now().replace(second=0, microsecond=0)
    return datetime.combine(today, time())


def blocked_time_over(store: Store, week: Week, now: datetime) -> datetime | None:
    """When the last block of `week` that takes touches ended, if all of them are over by
    `now`: nothing can be planned in the week any more. None while some blocked time is still
    ahead (or the week has no such blocks)."""
    ends = [
        datetime.combine(day, block.end)
        for block in store.blocks.values()
        if block.kind is not BlockKind.ADMIN
        for day in block.occurrences(week)
    ]
    if not ends or max(ends) > now:
        return None
    return max(ends)


def plan_request(store: Store, week: Week, now: datetime, busy: Sequence[Busy] = ()) -> PlanRequest:
    """Everything the engine needs to plan `week`, read from the store, with the calendars'
    `busy` time (see `service.week_busy`), which no touch will overlap.

    Touches of weeks that are over are offered for carry-over; this week's open ones are not
    (there is still time to do them) until its last time block is over, and when planning
    ahead their contacts are not offered again, nor anyone with a touch planned in a later
    week.
    """
    from planner.engine import PlanRequest, week_to_review

    # The week after the last one that is over: this week, or the next once this week's last
    # block has ended (a Friday afternoon review, then the next week planned).
    current = week_to_review(store.blocks.values(), now).shift(1).monday
    carry_before = min(week.monday, current)
    elsewhere: dict[int, date] = {}
    for touch in store.planned_from(carry_before):
        if Week.of(touch.date) != week:
            elsewhere.setdefault(touch.contact_id, touch.date)
    return PlanRequest(
        week=week,
        now=now,
        contacts=list(store.contacts.values()),
        history=store.histories(),
        week_touches=store.week_touches(week),
        carry_sources=store.carry_sources(before=carry_before),
        follow_up_sources=store.follow_up_sources(),
        blocks=list(store.blocks.values()),
        goals=list(store.goals.values()),
        settings=store.settings,
        planned_elsewhere=elsewhere,
        busy=tuple(busy),
    )


def compute_plan(request: PlanRequest) -> Plan:
    """The engine's plan (pure: safe to run in a worker thread)."""
    from planner.engine import plan_week

    return plan_week(request)


def apply_plan(store: Store, plan: Plan) -> Plan:
    """Save a plan in one write: replaced touches go, earlier open ones become missed, new ones
    get their ids. Returns the plan with the saved touches."""
    with store.transaction() as tx:
        for touch_id in plan.remove:
            tx.delete_touch(touch_id)
        for touch_id in plan.mark_missed:
            tx.put_touch(store.touch(touch_id).but(status=TouchStatus.MISSED))
        added = tuple(tx.put_touch(touch.but(id=tx.new_touch_id())) for touch in plan.add)
    return replace(plan, add=added)


def plan(store: Store, week: Week, now: datetime, busy: Sequence[Busy] = ()) -> Plan:
    """Plan (or re-plan) `week` around the calendars' `busy` time and save it."""
    return apply_plan(store, compute_plan(plan_request(store, week, now, busy)))


def move_touch(
    store: Store,
    touch_id: int,
    *,
    day: object,
    start: object,
    now: datetime,
    busy: Sequence[Busy] | None = None,
    fetch: bool = False,
) -> Touch:
    """Move a planned touch by hand (it then survives re-planning); refuses overlaps, times
    outside a block of the right kind, times in the past and the calendars' busy time (the
    event named), in words. Without `busy`, the calendars' copies say what is busy (fetched
    first if due, with `fetch`)."""
    when = parse_date(day)
    begin = parse_time(start, "start", "Start")
    taken = busy_on(store, when, busy, fetch)
    with store.transaction() as tx:
        return tx.put_touch(checked_move(store, store.touch(touch_id), when, begin, now, taken))


def checked_move(
    store: Store, touch: Touch, when: date, begin: time, now: datetime, busy: Sequence[Busy]
) -> Touch:
    """`touch` at `when` `begin`, or a refusal in words (see `move_touch`); not saved."""
    from planner.engine import check_move

    others = [t for t in store.week_touches(Week.of(when)) if t.id != touch.id]
    return check_move(
        touch,
        when,
        begin,
        blocks=list(store.blocks.values()),
        week_touches=others,
        settings=store.settings,
        now=now,
        names={t.contact_id: contact_name(store, t.contact_id) for t in others},
        busy=busy,
    )


def add_planned_touch(
    store: Store,
    contact_id: int,
    *,
    week: Week,
    now: datetime,
    busy: Sequence[Busy] | None = None,
) -> Touch:
    """Put a touch with one contact into the next free slot of `week` that suits them (the heat
    map's `p`), clear of the calendars' busy time (without `busy`: as their copies say); says
    why when there is none."""
    from planner.engine import block_kind_for, choose_purpose, free_slot

    if busy is None:
        busy = week_busy(store, week, fetch=False).busy

    with store.transaction() as tx:
        contact = store.contact(contact_id)
        today = now.date()
        referrer = None if contact.referred_by is None else store.find_contact(contact.referred_by)
        history = store.history(contact_id)
        purpose = choose_purpose(contact, history, today, store.settings, referrer)
        touches = store.week_touches(week)
        slot = free_slot(
            contact,
            purpose,
            week=week,
            blocks=list(store.blocks.values()),
            week_touches=touches,
            settings=store.settings,
            now=now,
            busy=busy,
        )
        if slot is None:
            kind = block_kind_for(purpose).label
            raise ValidationError(
                "slot",
                f"No free time left in a {kind} block in {week} for a {purpose.label} "
                f"touch with {contact.name}; block more time (b) or move something.",
            )
        touch = Touch(
            id=tx.new_touch_id(),
            contact_id=contact.id,
            purpose=purpose,
            channel=slot.channel,
            date=slot.date,
            start=slot.start,
            end=slot.end,
            block_id=slot.block.id,
            manual=True,
            reason="Added by hand",
        )
        return tx.put_touch(touch)
