"""The things the planner knows about, as plain immutable values.

Building them from user input goes through `planner.domain.validation`; the store builds them
from disk through its converters. Nothing here reads files or knows about the screen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Self

from dateutil.rrule import WEEKLY, rrule

from planner.domain.enums import (
    BlockKind,
    Channel,
    GoalMetric,
    Purpose,
    Relationship,
    Tier,
    TouchStatus,
    Weekday,
)
from planner.domain.weeks import Week

DEFAULT_CADENCE_DAYS: dict[Tier, int] = {Tier.A: 14, Tier.B: 30, Tier.C: 90}

DEFAULT_CHANNEL_MINUTES: dict[Channel, int] = {
    Channel.CALL: 15,
    Channel.EMAIL: 10,
    Channel.MESSAGE: 5,
    Channel.SOCIAL: 5,
    Channel.NOTE: 10,
    Channel.MEETING: 45,
    Channel.COFFEE: 60,
    Channel.EVENT: 120,
}


class _Value:
    __slots__ = ()

    def but(self, **changes: object) -> Self:
        """A copy with some fields changed."""
        return replace(self, **changes)  # type: ignore[type-var]


@dataclass(frozen=True, slots=True)
class Settings(_Value):
    cadence_days: dict[Tier, int] = field(default_factory=lambda: dict(DEFAULT_CADENCE_DAYS))
    channel_minutes: dict[Channel, int] = field(
        default_factory=lambda: dict(DEFAULT_CHANNEL_MINUTES)
    )
    referral_interval_days: int = 90
    cold_below: float = 0.25
    #: Made once, when a calendar first receives the week: it makes the UIDs of the events
    #: published from this database its own (letters, digits, `-` and `_`).
    database_id: str = ""

    def minutes_for(self, channel: Channel) -> int:
        return self.channel_minutes.get(channel, DEFAULT_CHANNEL_MINUTES[channel])


# Contacts and touches are read by the hundred thousand from a large network, and a frozen
# dataclass costs eight times as much to build; so these two are plain slotted dataclasses,
# hashable by value, and treated as immutable all the same: change one with `.but(...)`.
@dataclass(slots=True, unsafe_hash=True)
class Contact(_Value):
    id: int
    name: str
    added: date
    company: str = ""
    title: str = ""
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    tier: Tier = Tier.C
    relationship: Relationship = Relationship.PROSPECT
    tags: tuple[str, ...] = ()
    met_at: str = ""
    referred_by: int | None = None
    cadence_days: int | None = None
    notes: str = ""
    archived: bool = False
    url: str = ""
    #: Imported without a tier and not yet sorted into one: never planned until sorted.
    to_sort: bool = False
    #: The day the relationship became customer (None: not a customer, or one from before
    #: planner kept the date).
    customer_since: date | None = None

    def cadence(self, settings: Settings) -> int:
        """The effective cadence: the contact's own, else its tier's."""
        if self.cadence_days is not None:
            return self.cadence_days
        return settings.cadence_days.get(self.tier, DEFAULT_CADENCE_DAYS[self.tier])

    @property
    def is_friend(self) -> bool:
        return self.relationship is Relationship.FRIEND


@dataclass(slots=True, unsafe_hash=True)
class Touch(_Value):
    """One contact with one person, planned for a slot or logged after the fact.

    `start`/`end` are None for a touch logged without a time. `manual` marks a touch the user
    added, moved or wrote a note on by hand: re-planning keeps it. `origin_id` points at the
    touch this one carries over or follows up.
    """

    id: int
    contact_id: int
    purpose: Purpose
    channel: Channel
    date: dt.date
    status: TouchStatus = TouchStatus.PLANNED
    start: time | None = None
    end: time | None = None
    block_id: int | None = None
    reason: str = ""
    carried_over: bool = False
    pinned: bool = False
    manual: bool = False
    follow_up: bool = False
    note: str = ""
    origin_id: int | None = None

    @property
    def week(self) -> Week:
        return Week.of(self.date)

    @property
    def minutes(self) -> int:
        if self.start is None or self.end is None:
            return 0
        return _minutes(self.end) - _minutes(self.start)

    @property
    def starts_at(self) -> datetime | None:
        return None if self.start is None else datetime.combine(self.date, self.start)

    @property
    def is_open(self) -> bool:
        """Still to do: planned, neither done, skipped nor missed."""
        return self.status is TouchStatus.PLANNED

    @property
    def kept_on_replan(self) -> bool:
        """Re-planning never removes what is done, skipped, pinned or placed by hand."""
        return self.status is not TouchStatus.PLANNED or self.pinned or self.manual


#: A touch as a table of every touch shows it, in a plain tuple: (date, start, end, id,
#: contact id, purpose, channel, status, reason, note, carried over, pinned). Exporting five
#: years of touches makes one per touch, at a fraction of the cost of a `Touch`.
TouchRow = tuple[
    dt.date,
    time | None,
    time | None,
    int,
    int,
    Purpose,
    Channel,
    TouchStatus,
    str,
    str,
    bool,
    bool,
]


def touch_row(touch: Touch) -> TouchRow:
    """The row of a touch: the fields a table of touches shows, in the order of `TouchRow`."""
    return (
        touch.date,
        touch.start,
        touch.end,
        touch.id,
        touch.contact_id,
        touch.purpose,
        touch.channel,
        touch.status,
        touch.reason,
        touch.note,
        touch.carried_over,
        touch.pinned,
    )


@dataclass(frozen=True, slots=True)
class ContactHistory:
    """What a contact's done touches add up to (kept up to date by the store)."""

    last_done: dt.date | None = None
    last_referral_ask: dt.date | None = None
    done_count: int = 0


@dataclass(frozen=True, slots=True)
class TimeBlock(_Value):
    """Time set aside: every week on `day`, or once on `date` (exactly one of the two is set)."""

    id: int
    kind: BlockKind
    start: time
    end: time
    day: Weekday | None = None
    date: dt.date | None = None
    label: str = ""

    @property
    def minutes(self) -> int:
        return _minutes(self.end) - _minutes(self.start)

    @property
    def weekday(self) -> Weekday:
        if self.day is not None:
            return self.day
        assert self.date is not None
        return Weekday.of(self.date.weekday())

    @property
    def is_weekly(self) -> bool:
        return self.day is not None

    def occurrences(self, week: Week) -> list[dt.date]:
        """The dates in `week` on which this block happens."""
        if self.date is not None:
            return [self.date] if self.date in week else []
        assert self.day is not None
        start = datetime.combine(week.monday, time())
        rule = rrule(WEEKLY, byweekday=self.day.number, dtstart=start, until=start + timedelta(6))
        return [moment.date() for moment in rule]

    def describe(self) -> str:
        """`prospecting Mon 09:00–11:00` or `networking 2026-11-27 12:00–13:00`."""
        when = self.day.label[:3] if self.day is not None else str(self.date)
        text = f"{self.kind.label} {when} {self.start:%H:%M}–{self.end:%H:%M}"
        return f"{text} “{self.label}”" if self.label else text


@dataclass(frozen=True, slots=True)
class Goal(_Value):
    id: int
    metric: GoalMetric
    target: float
    tier: Tier | None = None
    #: Counts only touches by this channel (touches done only), as `tier` counts one tier.
    channel: Channel | None = None

    def describe(self) -> str:
        """`Prospecting share of blocked time ≥ 40 %`, `Touches done (A) ≥ 10`,
        `Touches done (A, call) ≥ 5`."""
        label = self.metric.label
        only = [part for part in (self.tier, self.channel) if part is not None]
        if only:
            label = f"{label} ({', '.join(part.label for part in only)})"
        return f"{label} ≥ {format_target(self)}"


def format_target(goal: Goal) -> str:
    number = f"{goal.target:g}"
    return f"{number} %" if goal.metric.is_share else number


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def minutes_of(moment: time) -> int:
    """Minutes since midnight."""
    return _minutes(moment)


def time_of(minutes: int) -> time:
    """The inverse of `minutes_of`."""
    return time(minutes // 60, minutes % 60)
