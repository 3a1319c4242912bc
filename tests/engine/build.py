"""Small builders for engine tests, and a ledger that applies plans the way the store will."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time

from planner.domain import (
    BlockKind,
    Busy,
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
    Weekday,
)
from planner.engine import ContactHistory, Plan, PlanRequest, plan_week

WEEK = Week.parse("2026-W48")  # Monday 23 November 2026
LAST_WEEK = WEEK.shift(-1)
MONDAY = WEEK.monday
NOW = datetime(2026, 11, 23, 8, 0)  # Monday morning, before any block
TODAY = NOW.date()


def contact(
    ident: int,
    relationship: Relationship = Relationship.CONNECTOR,
    tier: Tier = Tier.B,
    *,
    name: str | None = None,
    added: date = date(2026, 1, 5),
    **changes: object,
) -> Contact:
    person = Contact(
        id=ident,
        name=name or f"Person {ident}",
        added=added,
        tier=tier,
        relationship=relationship,
    )
    return person.but(**changes) if changes else person


def touched(last_done: date, done_count: int = 1, last_ask: date | None = None) -> ContactHistory:
    return ContactHistory(last_done=last_done, last_referral_ask=last_ask, done_count=done_count)


def block(
    ident: int,
    kind: BlockKind,
    day: Weekday | date,
    start: str,
    end: str,
) -> TimeBlock:
    hours = [time.fromisoformat(start), time.fromisoformat(end)]
    if isinstance(day, Weekday):
        return TimeBlock(ident, kind, hours[0], hours[1], day=day)
    return TimeBlock(ident, kind, hours[0], hours[1], date=day)


def busy(
    day: date,
    start: str,
    end: str,
    summary: str = "Customer demo",
    calendar: str = "work",
    buffer: int = 0,
) -> Busy:
    return Busy(day, time.fromisoformat(start), time.fromisoformat(end), calendar, summary, buffer)


def touch(
    ident: int,
    contact_id: int,
    day: date,
    start: str | None = None,
    end: str | None = None,
    *,
    purpose: Purpose = Purpose.NETWORKING,
    channel: Channel = Channel.CALL,
    status: TouchStatus = TouchStatus.PLANNED,
    **changes: object,
) -> Touch:
    made = Touch(
        id=ident,
        contact_id=contact_id,
        purpose=purpose,
        channel=channel,
        date=day,
        status=status,
        start=None if start is None else time.fromisoformat(start),
        end=None if end is None else time.fromisoformat(end),
    )
    return made.but(**changes) if changes else made


def request(
    contacts: Sequence[Contact],
    *,
    blocks: Sequence[TimeBlock],
    history: dict[int, ContactHistory] | None = None,
    week: Week = WEEK,
    now: datetime = NOW,
    week_touches: Sequence[Touch] = (),
    carry: Sequence[Touch] = (),
    follow_ups: Sequence[Touch] = (),
    goals: Sequence[Goal] = (),
    settings: Settings | None = None,
    planned_elsewhere: dict[int, date] | None = None,
    busy: Sequence[Busy] = (),
) -> PlanRequest:
    return PlanRequest(
        week=week,
        now=now,
        contacts=list(contacts),
        history=history or {},
        week_touches=list(week_touches),
        carry_sources=list(carry),
        follow_up_sources=list(follow_ups),
        blocks=list(blocks),
        goals=list(goals),
        settings=settings or Settings(),
        planned_elsewhere=planned_elsewhere or {},
        busy=list(busy),
    )


def plan(contacts: Sequence[Contact], **kwargs: object) -> Plan:
    return plan_week(request(contacts, **kwargs))  # type: ignore[arg-type]


def by_contact(result: Plan) -> dict[int, Touch]:
    """The added touches by contact id (the planner adds at most one per contact)."""
    return {added.contact_id: added for added in result.add}


@dataclass
class Ledger:
    """Every touch ever, kept the way the store will: apply a plan, then ask for the next one.

    The store's own queries are mirrored from the `PlanRequest` docstring: carry sources are
    earlier weeks' planned touches and missed ones without a carried copy; follow-up sources are
    done touches marked for follow-up without a follow-up touch.
    """

    touches: dict[int, Touch] = field(default_factory=dict)
    next_id: int = 1000

    def add(self, items: Iterable[Touch]) -> None:
        for item in items:
            self.touches[item.id] = item

    def apply(self, result: Plan) -> None:
        for ident in result.remove:
            del self.touches[ident]
        for ident in result.mark_missed:
            self.touches[ident] = self.touches[ident].but(status=TouchStatus.MISSED)
        for added in result.add:
            self.next_id += 1
            self.touches[self.next_id] = replace(added, id=self.next_id)

    def week(self, week: Week) -> list[Touch]:
        return [item for item in self.touches.values() if item.date in week]

    def carry_sources(self, week: Week) -> list[Touch]:
        copied = {item.origin_id for item in self.touches.values() if item.carried_over}
        return [
            item
            for item in self.touches.values()
            if item.date < week.monday
            and (
                item.status is TouchStatus.PLANNED
                or (item.status is TouchStatus.MISSED and item.id not in copied)
            )
        ]

    def follow_up_sources(self) -> list[Touch]:
        followed = {
            item.origin_id
            for item in self.touches.values()
            if item.purpose is Purpose.FOLLOW_UP and item.origin_id is not None
        }
        return [
            item
            for item in self.touches.values()
            if item.status is TouchStatus.DONE and item.follow_up and item.id not in followed
        ]

    def request(self, base: PlanRequest) -> PlanRequest:
        """`base` with the touches this ledger holds for its week."""
        return replace(
            base,
            week_touches=self.week(base.week),
            carry_sources=self.carry_sources(base.week),
            follow_up_sources=self.follow_up_sources(),
        )
